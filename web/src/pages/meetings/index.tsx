import { useCallback, useEffect, useState } from 'react';
import { Card, Descriptions, Drawer, Form, InputNumber, Input, Button, List, Table, Tag } from 'antd';
import { useParams, useNavigate, Link } from 'react-router-dom';
import { meetingApi, type Meeting, type MeetingDetail, type Venue } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

/** 会议: deployment meetings, their venues, attendance per venue, minutes and decisions. */
export default function MeetingsPage() {
  const { fmtDateTime } = useI18n();
  const showError = useApiError();
  const navigate = useNavigate();
  const openId = Number(useParams().id) || null;
  const [items, setItems] = useState<Meeting[]>([]);
  const [detail, setDetail] = useState<MeetingDetail | null>(null);
  useEffect(() => {
    meetingApi.list({ pageSize: 100 }).then((r) => setItems(r.items), showError);
  }, [showError]);
  const loadDetail = useCallback(() => {
    if (openId) meetingApi.get(openId).then(setDetail, showError);
    else setDetail(null);
  }, [openId, showError]);
  useEffect(loadDetail, [loadDetail]);

  const record = async (v: Venue, values: { expected: number; present: number; absenceNote?: string }) => {
    try {
      setDetail(await meetingApi.attendance(v.id, { version: v.version, ...values }));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Card variant="borderless" title="会议">
      <Table<Meeting>
        rowKey="id"
        dataSource={items}
        onRow={(r) => ({ onClick: () => navigate(`/meetings/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '会议名称', dataIndex: 'title' },
          { title: '主办单位', dataIndex: 'organizerOrgName', width: 200 },
          { title: '时间', dataIndex: 'startsAt', width: 200, render: (v: string) => fmtDateTime(v) },
          { title: '会场数', dataIndex: 'venueCount', width: 90 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (v: string) => (v === 'held' ? '已召开' : '筹备中'),
          },
        ]}
      />
      <Drawer open={Boolean(detail)} size="large" title={detail?.title} onClose={() => navigate('/meetings')}>
        {detail && (
          <>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="时间">{fmtDateTime(detail.startsAt)}</Descriptions.Item>
              <Descriptions.Item label="主办单位">{detail.organizerOrgName}</Descriptions.Item>
              <Descriptions.Item label="参会范围">{detail.attendeeScope || '—'}</Descriptions.Item>
              <Descriptions.Item label="议程">
                <span style={{ whiteSpace: 'pre-wrap' }}>{detail.agenda || '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="视频会议">
                {detail.videoLink ? (
                  <a href={detail.videoLink} target="_blank" rel="noreferrer">
                    {detail.videoLink}
                  </a>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label="会议纪要">{detail.minutes || '—'}</Descriptions.Item>
            </Descriptions>
            <Table<Venue>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={detail.venues}
              columns={[
                {
                  title: '会场',
                  dataIndex: 'orgName',
                  render: (v: string, r) => (
                    <>
                      {r.kind === 'main' ? <Tag color="red">主会场</Tag> : <Tag>分会场</Tag>}
                      {v}
                    </>
                  ),
                },
                { title: '地点', dataIndex: 'place' },
                {
                  title: '参会情况（应到/实到）',
                  key: 'att',
                  render: (_, r) =>
                    r.canRecord ? (
                      <Form
                        layout="inline"
                        initialValues={{ expected: r.expected ?? undefined, present: r.present ?? undefined }}
                        onFinish={(v) => void record(r, v)}
                      >
                        <Form.Item name="expected" rules={[{ required: true, message: '应到' }]}>
                          <InputNumber min={0} style={{ width: 70 }} placeholder="应到" />
                        </Form.Item>
                        <Form.Item name="present" rules={[{ required: true, message: '实到' }]}>
                          <InputNumber min={0} style={{ width: 70 }} placeholder="实到" />
                        </Form.Item>
                        <Form.Item name="absenceNote">
                          <Input placeholder="缺席说明" style={{ width: 120 }} />
                        </Form.Item>
                        <Button htmlType="submit" size="small">
                          登记
                        </Button>
                      </Form>
                    ) : r.recordedAt ? (
                      `${r.expected} / ${r.present}`
                    ) : (
                      '未登记'
                    ),
                },
              ]}
            />
            <List
              header="会议决定"
              dataSource={detail.decisions}
              renderItem={(d) => (
                <List.Item>
                  {d.content}
                  {d.taskId && <Link to={`/tasks/${d.taskId}`}> 查看督办事项</Link>}
                </List.Item>
              )}
            />
          </>
        )}
      </Drawer>
    </Card>
  );
}
