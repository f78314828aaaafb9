import { useState } from 'react';
import { Button, Descriptions, Drawer, Form, Input, InputNumber, Space, Table, Tag } from 'antd';
import { meetingApi, type MeetingDetail, type Venue } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { Decisions } from './Decisions';

interface Props {
  detail: MeetingDetail | null;
  onChange: (m: MeetingDetail) => void;
  onClose: () => void;
}

/** A meeting: venues with attendance recorded by each venue's organiser, minutes, and decisions. */
export function MeetingDrawer({ detail, onChange, onClose }: Props) {
  const { t, fmtDateTime } = useI18n();
  const showError = useApiError();
  const [minutes, setMinutes] = useState<string | null>(null);

  const save = async (body: { minutes?: string; status?: string }) => {
    if (!detail) return;
    try {
      onChange(await meetingApi.update(detail.id, { version: detail.version, ...body }));
      setMinutes(null);
    } catch (err) {
      showError(err);
    }
  };
  const record = async (v: Venue, values: { expected: number; present: number; absenceNote?: string }) => {
    try {
      onChange(await meetingApi.attendance(v.id, { version: v.version, ...values }));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Drawer open={Boolean(detail)} size="large" title={detail?.title} onClose={onClose}>
      {detail && (
        <>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('meeting.time')}>{fmtDateTime(detail.startsAt)}</Descriptions.Item>
            <Descriptions.Item label={t('meeting.organizer')}>{detail.organizerOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('meeting.status')}>
              {detail.status === 'held' ? t('meeting.held') : t('meeting.planned')}
              {detail.canManage && detail.status !== 'held' && (
                <Button size="small" style={{ marginLeft: 8 }} onClick={() => void save({ status: 'held' })}>
                  {t('meeting.markHeld')}
                </Button>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('meeting.scope')}>{detail.attendeeScope || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meeting.agenda')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{detail.agenda || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('meeting.video')}>
              {detail.videoLink ? (
                <a href={detail.videoLink} target="_blank" rel="noreferrer">
                  {detail.videoLink}
                </a>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('meeting.minutes')}>
              {minutes === null ? (
                <>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{detail.minutes || '—'}</span>
                  {detail.canManage && (
                    <Button size="small" type="link" onClick={() => setMinutes(detail.minutes)}>
                      {t('meeting.editMinutes')}
                    </Button>
                  )}
                </>
              ) : (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    rows={5}
                    maxLength={20000}
                    value={minutes}
                    onChange={(e) => setMinutes(e.target.value)}
                  />
                  <Space>
                    <Button type="primary" size="small" onClick={() => void save({ minutes })}>
                      {t('common.save')}
                    </Button>
                    <Button size="small" onClick={() => setMinutes(null)}>
                      {t('common.cancel')}
                    </Button>
                  </Space>
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Table<Venue>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={detail.venues}
            columns={[
              {
                title: t('meeting.venue'),
                dataIndex: 'orgName',
                render: (v: string, r) => (
                  <>
                    {r.kind === 'main' ? (
                      <Tag color="red">{t('meeting.mainVenue')}</Tag>
                    ) : (
                      <Tag>{t('meeting.subVenue')}</Tag>
                    )}
                    {v}
                  </>
                ),
              },
              { title: t('meeting.venuePlace'), dataIndex: 'place' },
              {
                title: t('meeting.attendance'),
                key: 'att',
                render: (_, r) =>
                  r.canRecord ? (
                    <Form
                      layout="inline"
                      initialValues={{ expected: r.expected ?? undefined, present: r.present ?? undefined }}
                      onFinish={(v) => void record(r, v)}
                    >
                      <Form.Item name="expected" rules={[{ required: true, message: t('meeting.expected') }]}>
                        <InputNumber min={0} style={{ width: 70 }} placeholder={t('meeting.expected')} />
                      </Form.Item>
                      <Form.Item name="present" rules={[{ required: true, message: t('meeting.present') }]}>
                        <InputNumber min={0} style={{ width: 70 }} placeholder={t('meeting.present')} />
                      </Form.Item>
                      <Form.Item name="absenceNote">
                        <Input placeholder={t('meeting.absence')} style={{ width: 120 }} />
                      </Form.Item>
                      <Button htmlType="submit" size="small">
                        {t('meeting.record')}
                      </Button>
                    </Form>
                  ) : r.recordedAt ? (
                    `${r.expected} / ${r.present}`
                  ) : (
                    t('meeting.unrecorded')
                  ),
              },
            ]}
          />
          <Decisions meeting={detail} onSaved={onChange} />
        </>
      )}
    </Drawer>
  );
}
