import { Col, Descriptions, Row, Typography } from 'antd';
import type { AuditEvent } from '../../../api/types';
import { useI18n } from '../../../i18n';

const pretty = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** One event's before/after, side by side, plus the request it came from and its chain hash. */
export function AuditDiff({ event }: { event: AuditEvent }) {
  const { t } = useI18n();
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <pre className="ls-json">{pretty(event.before)}</pre>
        </Col>
        <Col span={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <pre className="ls-json">{pretty(event.after)}</pre>
        </Col>
      </Row>
      <Descriptions size="small" column={3} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('audit.requestId')}>{event.requestId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="IP">{event.ip ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.hash')}>
          <Typography.Text code copyable={{ text: event.hash }}>
            {event.hash.slice(0, 16)}…
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
