import { Button, Form, Input, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { POLITICAL_STATUSES, type PoliticalStatus } from '../../../api/types';
import { OrgSelect } from '../../../components/OrgSelect';
import { useI18n } from '../../../i18n';
import { statusLabel } from './labels';

export interface PeopleFilterValues {
  q?: string;
  orgId?: number;
  politicalStatus?: PoliticalStatus;
  active?: 'true' | 'false' | 'all';
}

export function PeopleFilters({ onSearch }: { onSearch: (v: PeopleFilterValues) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<PeopleFilterValues>();
  return (
    <Form<PeopleFilterValues>
      form={form}
      layout="inline"
      initialValues={{ active: 'true' }}
      onFinish={onSearch}
      style={{ marginBottom: 16, rowGap: 8 }}
    >
      <Form.Item name="q" label={t('person.name')}>
        <Input
          allowClear
          placeholder={t('person.qPlaceholder')}
          style={{ width: 160 }}
          data-testid="people-q"
        />
      </Form.Item>
      <Form.Item name="orgId" label={t('person.org')}>
        <OrgSelect style={{ width: 240 }} />
      </Form.Item>
      <Form.Item name="politicalStatus" label={t('person.politicalStatus')}>
        <Select
          allowClear
          style={{ width: 150 }}
          options={POLITICAL_STATUSES.map((s) => ({ value: s, label: statusLabel(s, locale) }))}
        />
      </Form.Item>
      <Form.Item name="active" label={t('person.active')}>
        <Select
          style={{ width: 110 }}
          options={[
            { value: 'true', label: t('person.activeYes') },
            { value: 'false', label: t('person.activeNo') },
            { value: 'all', label: t('common.all') },
          ]}
        />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch(form.getFieldsValue());
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
