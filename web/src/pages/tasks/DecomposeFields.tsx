import { useEffect, useState } from 'react';
import { Button, Checkbox, DatePicker, Form, Space, Typography, type FormInstance } from 'antd';
import { orgApi } from '../../api/endpoints';
import type { Org } from '../../api/types';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

const TOWNSHIP_KINDS = ['township', 'street'];

/** 分解: pick the unit's own direct children (all, townships/streets only, or by hand) and their deadline. */
export function DecomposeFields({ orgId, form }: { orgId: number; form: FormInstance }) {
  const { t } = useI18n();
  const showError = useApiError();
  const [children, setChildren] = useState<Org[] | null>(null);
  useEffect(() => {
    orgApi
      .children(orgId)
      .then((r) => setChildren(r.items.filter((c) => c.active)))
      .catch(showError);
  }, [orgId, showError]);

  const pick = (ids: number[]) => form.setFieldValue('orgIds', ids);
  if (children && children.length === 0) return <Typography.Text>{t('asg.noChildren')}</Typography.Text>;
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button size="small" onClick={() => pick((children ?? []).map((c) => c.id))} data-testid="pick-all">
          {t('asg.pickAll')}
        </Button>
        <Button
          size="small"
          onClick={() =>
            pick((children ?? []).filter((c) => TOWNSHIP_KINDS.includes(c.kind)).map((c) => c.id))
          }
          data-testid="pick-townships"
        >
          {t('asg.pickTownships')}
        </Button>
        <Button size="small" onClick={() => pick([])}>
          {t('asg.pickNone')}
        </Button>
      </Space>
      <Form.Item
        name="orgIds"
        label={t('asg.children')}
        rules={[{ required: true, type: 'array', min: 1, message: t('asg.childrenRequired') }]}
      >
        <Checkbox.Group
          style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 4 }}
          options={(children ?? []).map((c) => ({ value: c.id, label: c.shortName || c.name }))}
          data-testid="decompose-children"
        />
      </Form.Item>
      <Form.Item name="deadline" label={t('asg.childDeadline')}>
        <DatePicker />
      </Form.Item>
    </>
  );
}
