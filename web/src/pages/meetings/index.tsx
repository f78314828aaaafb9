import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Table } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { meetingApi, type Meeting, type MeetingDetail } from '../../api/tasks';
import { useAuth } from '../../auth/AuthContext';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { MeetingDrawer } from './MeetingDrawer';
import { MeetingForm } from './MeetingForm';

/** 会议: deployment meetings of the current campaign, their venues, attendance, minutes and decisions. */
export default function MeetingsPage() {
  const { t, fmtDateTime } = useI18n();
  const { can } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const navigate = useNavigate();
  const openId = Number(useParams().id) || null;
  const [items, setItems] = useState<Meeting[]>([]);
  const [detail, setDetail] = useState<MeetingDetail | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    meetingApi.list({ pageSize: 100, campaignId }).then((r) => setItems(r.items), showError);
  }, [campaignId, showError]);
  useEffect(load, [load]);
  const loadDetail = useCallback(() => {
    if (openId) meetingApi.get(openId).then(setDetail, showError);
    else setDetail(null);
  }, [openId, showError]);
  useEffect(loadDetail, [loadDetail]);

  return (
    <Card
      variant="borderless"
      title={t('meeting.title')}
      extra={
        can('meeting.manage') && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="meeting-new">
            {t('meeting.new')}
          </Button>
        )
      }
    >
      <Table<Meeting>
        rowKey="id"
        dataSource={items}
        onRow={(r) => ({ onClick: () => navigate(`/meetings/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('meeting.name'), dataIndex: 'title' },
          { title: t('meeting.organizer'), dataIndex: 'organizerOrgName', width: 200 },
          {
            title: t('meeting.time'),
            dataIndex: 'startsAt',
            width: 200,
            render: (v: string) => fmtDateTime(v),
          },
          { title: t('meeting.venueCount'), dataIndex: 'venueCount', width: 90 },
          {
            title: t('meeting.status'),
            dataIndex: 'status',
            width: 90,
            render: (v: string) => (v === 'held' ? t('meeting.held') : t('meeting.planned')),
          },
        ]}
      />
      <MeetingDrawer
        detail={detail}
        onChange={(m) => {
          setDetail(m);
          load();
        }}
        onClose={() => navigate('/meetings')}
      />
      {creating && (
        <MeetingForm
          onClose={() => setCreating(false)}
          onCreated={(m) => {
            setCreating(false);
            load();
            navigate(`/meetings/${m.id}`);
          }}
        />
      )}
    </Card>
  );
}
