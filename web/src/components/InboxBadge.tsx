import { useCallback, useEffect, useState } from 'react';
import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { inboxApi } from '../api/tasks';

/** The unread count in the header; refreshed every minute and when the inbox page marks items read. */
export function InboxBadge() {
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(() => {
    inboxApi.unread().then(
      (r) => setUnread(r.unread),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 60_000);
    window.addEventListener('luoshi:inbox', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('luoshi:inbox', refresh);
    };
  }, [refresh]);
  return (
    <Badge count={unread} size="small" data-testid="inbox-badge">
      <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/inbox')} aria-label="消息" />
    </Badge>
  );
}
