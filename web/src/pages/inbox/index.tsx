import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Card, List, Segmented } from 'antd';
import { useNavigate } from 'react-router-dom';
import { inboxApi, type InboxItem } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

/** 消息: reminders, assignments, reviews and meeting notices for the caller. */
export default function InboxPage() {
  const { t, fmtDateTime } = useI18n();
  const showError = useApiError();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<InboxItem[]>([]);
  const load = useCallback(() => {
    inboxApi
      .list({ pageSize: 100, unread: unreadOnly || undefined })
      .then((r) => setItems(r.items))
      .catch(showError);
  }, [unreadOnly, showError]);
  useEffect(load, [load]);
  const unread = items.filter((i) => !i.readAt).map((i) => i.id);
  const open = async (i: InboxItem) => {
    if (!i.readAt) await inboxApi.read([i.id]).catch(showError);
    window.dispatchEvent(new Event('luoshi:inbox'));
    if (i.link) navigate(i.link);
    else load();
  };
  return (
    <Card
      variant="borderless"
      title={t('inbox.title')}
      extra={
        <>
          <Segmented
            options={[
              { label: t('inbox.all'), value: 'all' },
              { label: t('inbox.unread'), value: 'unread' },
            ]}
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
          />
          <Button
            style={{ marginLeft: 8 }}
            disabled={!unread.length}
            onClick={() =>
              inboxApi
                .read(unread)
                .then(() => window.dispatchEvent(new Event('luoshi:inbox')))
                .then(load, showError)
            }
          >
            {t('inbox.readAll')}
          </Button>
        </>
      }
    >
      <List<InboxItem>
        dataSource={items}
        data-testid="inbox-list"
        renderItem={(i) => (
          <List.Item onClick={() => void open(i)} style={{ cursor: 'pointer' }}>
            <List.Item.Meta
              title={
                <Badge dot={!i.readAt} offset={[6, 0]}>
                  {i.title}
                </Badge>
              }
              description={`${fmtDateTime(i.createdAt)} ${i.body}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
