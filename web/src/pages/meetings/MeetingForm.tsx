import { DatePicker, Form, Input, Modal, Radio, type ButtonProps } from 'antd';
import type dayjs from 'dayjs';
import { meetingApi, type MeetingDetail } from '../../api/tasks';
import { useAuth } from '../../auth/AuthContext';
import { CampaignField } from '../../components/CampaignField';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { OrgMultiSelect } from '../../components/OrgMultiSelect';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

interface Values {
  campaignId: number;
  organizerOrgId: number;
  title: string;
  startsAt: dayjs.Dayjs;
  place?: string;
  sub: 'children' | 'chosen' | 'none';
  subOrgs?: number[];
  attendeeScope?: string;
  agenda?: string;
  videoLink?: string;
}

/** 新建会议: the organiser is the main venue; sub-venues are all direct children, chosen units, or none. */
export function MeetingForm({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (m: MeetingDetail) => void;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const sub = Form.useWatch('sub', form);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      onCreated(
        await meetingApi.create({
          campaignId: v.campaignId,
          organizerOrgId: v.organizerOrgId,
          title: v.title,
          startsAt: v.startsAt.format(),
          place: v.place,
          attendeeScope: v.attendeeScope,
          agenda: v.agenda,
          videoLink: v.videoLink || null,
          subVenues: v.sub === 'children' ? 'children' : v.sub === 'chosen' ? (v.subOrgs ?? []) : [],
        }),
      );
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Modal
      open
      title={t('meeting.new')}
      onOk={submit}
      onCancel={onClose}
      width={640}
      okButtonProps={{ 'data-testid': 'meeting-submit' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ campaignId, organizerOrgId: me?.grants[0]?.orgId, sub: 'children' }}
      >
        <CampaignField />
        <Form.Item
          name="title"
          label={t('meeting.name')}
          rules={[{ required: true, message: t('meeting.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="meeting-title" />
        </Form.Item>
        <Form.Item
          name="organizerOrgId"
          label={t('meeting.organizer')}
          rules={[{ required: true, message: t('meeting.organizerRequired') }]}
        >
          <OrgSelect initialLabel={me?.grants[0]?.orgName} />
        </Form.Item>
        <Form.Item
          name="startsAt"
          label={t('meeting.time')}
          rules={[{ required: true, message: t('meeting.timeRequired') }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="meeting-time" />
        </Form.Item>
        <Form.Item name="place" label={t('meeting.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="sub" label={t('meeting.subVenues')}>
          <Radio.Group
            options={[
              { value: 'children', label: t('meeting.subChildren') },
              { value: 'chosen', label: t('meeting.subChosen') },
              { value: 'none', label: t('meeting.subNone') },
            ]}
          />
        </Form.Item>
        {sub === 'chosen' && (
          <Form.Item
            name="subOrgs"
            label={t('meeting.subOrgs')}
            rules={[{ required: true, type: 'array', min: 1, message: t('task.targetOrgsRequired') }]}
          >
            <OrgMultiSelect />
          </Form.Item>
        )}
        <Form.Item name="attendeeScope" label={t('meeting.scope')} extra={t('meeting.scopeHelp')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="agenda" label={t('meeting.agenda')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="videoLink" label={t('meeting.video')}>
          <Input maxLength={500} placeholder="https://" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
