import { useEffect, useState } from 'react';
import { DatePicker, Empty, Form, Input, Modal, Radio, Select, Table, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { peopleApi } from '../../api/endpoints';
import {
  STUDY_KINDS,
  studyApi,
  type AttendanceRow,
  type AttendanceStatus,
  type StudyKind,
  type StudySessionDetail,
} from '../../api/study';
import { useAuth } from '../../auth/AuthContext';
import { CampaignField } from '../../components/CampaignField';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

interface Values {
  campaignId: number;
  orgId: number;
  title: string;
  kind: StudyKind;
  heldOn: dayjs.Dayjs;
  place?: string;
  summary?: string;
  organizer?: string;
}
type Row = AttendanceRow & { name: string };

/** 登记学习: a session of one unit and the attendance of that unit's members (present unless marked). */
export function SessionForm({
  session,
  onClose,
  onSaved,
}: {
  session?: StudySessionDetail;
  onClose: () => void;
  onSaved: (s: StudySessionDetail) => void;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('orgId', form);
  const [rows, setRows] = useState<Row[]>(session?.attendance ?? []);

  useEffect(() => {
    if (!orgId || (session && orgId === session.orgId)) return;
    peopleApi
      .list({ orgId, subtree: false, active: true, pageSize: 200 })
      .then(
        (r) => setRows(r.items.map((p) => ({ personId: p.id, name: p.name, status: 'present' }))),
        showError,
      );
  }, [orgId, session, showError]);

  const set = (personId: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.personId === personId ? { ...r, ...patch } : r)));

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      ...v,
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      attendance: rows.map(({ personId, status, reason }) => ({
        personId,
        status,
        reason: reason || undefined,
      })),
    };
    try {
      onSaved(
        session
          ? await studyApi.update(session.id, { ...body, version: session.version })
          : await studyApi.create(body),
      );
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Modal
      open
      title={session ? t('study.edit') : t('study.new')}
      onOk={submit}
      onCancel={onClose}
      width={760}
      okButtonProps={{ 'data-testid': 'study-submit' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          session
            ? { ...session, heldOn: dayjs(session.heldOn) }
            : { campaignId, orgId: me?.grants[0]?.orgId, kind: 'branch', heldOn: dayjs() }
        }
      >
        {!session && <CampaignField />}
        <Form.Item
          name="title"
          label={t('study.name')}
          rules={[{ required: true, message: t('study.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="study-title" />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('study.org')}
          rules={[{ required: true, message: t('study.orgRequired') }]}
        >
          <OrgSelect initialLabel={session?.orgName ?? me?.grants[0]?.orgName} allowClear={false} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('study.kind')}
          rules={[{ required: true, message: t('study.kindRequired') }]}
        >
          <Select options={STUDY_KINDS.map((k) => ({ value: k, label: t(`study.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="heldOn"
          label={t('study.heldOn')}
          rules={[{ required: true, message: t('study.heldOnRequired') }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="place" label={t('study.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="organizer" label={t('study.organizer')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="summary" label={t('study.summary')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
      <h4>{t('study.attendance')}</h4>
      <Table<Row>
        rowKey="personId"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description={orgId ? t('study.noMembers') : t('study.pickOrg')} /> }}
        columns={[
          { title: t('study.member'), dataIndex: 'name', width: 120 },
          {
            title: t('study.attendance'),
            dataIndex: 'status',
            render: (v: AttendanceStatus, r) => (
              <Radio.Group
                value={v}
                onChange={(e) => set(r.personId, { status: e.target.value as AttendanceStatus })}
                options={(['present', 'leave', 'absent'] as const).map((s) => ({
                  value: s,
                  label: t(`study.status.${s}`),
                }))}
              />
            ),
          },
          {
            title: t('study.reason'),
            dataIndex: 'reason',
            render: (v: string | undefined, r) =>
              r.status === 'present' ? null : (
                <Input
                  size="small"
                  maxLength={200}
                  value={v}
                  status={r.status === 'leave' && !v ? 'warning' : undefined}
                  placeholder={r.status === 'leave' ? t('study.reasonRequired') : ''}
                  onChange={(e) => set(r.personId, { reason: e.target.value })}
                />
              ),
          },
        ]}
      />
    </Modal>
  );
}
