import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { campaignApi, peopleApi } from '../../api/endpoints';
import { researchApi, type ResearchDetail } from '../../api/study';
import { useAuth } from '../../auth/AuthContext';
import { CampaignField } from '../../components/CampaignField';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

interface Values {
  campaignId: number;
  orgId: number;
  directionId?: number;
  title: string;
  leadPersonId?: number;
  plan?: string;
}
type Option = { value: number; label: string };

/** 立项: a topic under one of the campaign's key directions, with a lead from the unit or below. */
export function TopicForm({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (d: ResearchDetail) => void;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const chosenCampaign = Form.useWatch('campaignId', form);
  const orgId = Form.useWatch('orgId', form);
  const [directions, setDirections] = useState<Option[]>([]);
  const [leads, setLeads] = useState<Option[]>([]);

  useEffect(() => {
    if (!chosenCampaign) return;
    campaignApi
      .get(chosenCampaign)
      .then(
        (c) =>
          setDirections(
            c.items.filter((i) => i.kind === 'direction').map((i) => ({ value: i.id, label: i.title })),
          ),
        showError,
      );
  }, [chosenCampaign, showError]);
  const searchLead = (q: string) => {
    if (!orgId) return;
    peopleApi
      .list({ orgId, subtree: true, active: true, q: q || undefined, pageSize: 30 })
      .then(
        (r) => setLeads(r.items.map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` }))),
        showError,
      );
  };

  const submit = async () => {
    const v = await form.validateFields();
    try {
      onCreated(await researchApi.create(v));
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Modal
      open
      title={t('research.new')}
      onOk={submit}
      onCancel={onClose}
      width={640}
      okButtonProps={{ 'data-testid': 'research-submit' } as ButtonProps}
    >
      <Form form={form} layout="vertical" initialValues={{ campaignId, orgId: me?.grants[0]?.orgId }}>
        <CampaignField />
        <Form.Item
          name="title"
          label={t('research.name')}
          rules={[{ required: true, message: t('research.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="research-title" />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('research.org')}
          rules={[{ required: true, message: t('research.orgRequired') }]}
        >
          <OrgSelect initialLabel={me?.grants[0]?.orgName} allowClear={false} />
        </Form.Item>
        <Form.Item name="directionId" label={t('research.direction')}>
          <Select allowClear options={directions} />
        </Form.Item>
        <Form.Item name="leadPersonId" label={t('research.lead')}>
          <Select
            allowClear
            showSearch
            filterOption={false}
            onSearch={searchLead}
            onFocus={() => searchLead('')}
            options={leads}
          />
        </Form.Item>
        <Form.Item name="plan" label={t('research.plan')} extra={t('research.planHelp')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
