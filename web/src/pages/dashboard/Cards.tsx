import type { ReactNode } from 'react';
import { Card, Col, Progress, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { LIGHT_COLOR, LIGHT_LABEL } from '../../api/problems';
import type { AssignmentStatus } from '../../api/tasks';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtPercent, LIGHT_HEX, OPEN_LIGHTS, type Figures } from './figures';

const ASG_ORDER: AssignmentStatus[] = [
  'issued',
  'acknowledged',
  'in_progress',
  'returned',
  'completed',
  'accepted',
];

function Box({ title, testid, children }: { title: ReactNode; testid: string; children: ReactNode }) {
  return (
    <Card variant="borderless" title={title} data-testid={testid} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}

/** A rate as a statistic over a thin bar, so the eye compares the rates at a glance. */
function Rate({
  title,
  value,
  testid,
  hint,
}: {
  title: string;
  value: number | null;
  testid: string;
  hint?: string;
}) {
  return (
    <div>
      <Statistic
        title={hint ? <Tooltip title={hint}>{title}</Tooltip> : title}
        value={fmtPercent(value)}
        styles={{ content: { fontSize: 22 } }}
        data-testid={testid}
      />
      <Progress percent={value ?? 0} showInfo={false} size="small" strokeColor="#c41d1d" />
    </div>
  );
}

/** The open problems' lights as one stacked bar (no chart library: four coloured segments). */
function LightBar({ light, open }: { light: Record<string, number>; open: number }) {
  const { t } = useI18n();
  if (!open) return null;
  return (
    <div style={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', marginTop: 12 }}>
      {OPEN_LIGHTS.filter((l) => light[l] > 0).map((l) => (
        <Tooltip key={l} title={`${t(LIGHT_LABEL[l])} ${light[l]}`}>
          <div style={{ width: `${(light[l] * 100) / open}%`, background: LIGHT_HEX[l] }} />
        </Tooltip>
      ))}
    </div>
  );
}

/** The summary cards of one org's subtree; a part the caller may not read is left out. */
export function Cards({ f }: { f: Figures }) {
  const { t } = useI18n();
  const { problems: p, assignments: a, opinions: o } = f;
  // four cards across a wide screen; fewer share the row (a supervisor reads no opinions)
  const xl = 24 / ((p ? 2 : 0) + (a ? 1 : 0) + (o ? 1 : 0) || 1);
  return (
    <Row gutter={[16, 16]}>
      {p && (
        <Col xs={24} md={12} xl={xl}>
          <Box title={t('dash.problems')} testid="card-problems">
            <Row gutter={8}>
              <Col span={12}>
                <Statistic title={t('dash.problemsTotal')} value={p.counted} data-testid="stat-problems" />
              </Col>
              <Col span={12}>
                <Statistic title={t('dash.signedOff')} value={p.signedOff} data-testid="stat-signed-off" />
              </Col>
            </Row>
            <div style={{ marginTop: 12 }}>
              <Rate
                title={t('dash.signOffRate')}
                value={p.signOffRate}
                testid="stat-signoff-rate"
                hint={t('dash.signOffHint', { n: p.signedOff, d: p.counted })}
              />
              <Typography.Text type="secondary">
                {t('dash.onTimeRate', { rate: fmtPercent(p.onTimeRate) })}
              </Typography.Text>
            </div>
            {(p.draft > 0 || p.cancelled > 0) && (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
                {t('dash.problemsExtra', { draft: p.draft, cancelled: p.cancelled })}
              </Typography.Paragraph>
            )}
          </Box>
        </Col>
      )}
      {p && (
        <Col xs={24} md={12} xl={xl}>
          <Box
            title={
              <Space>
                {t('dash.openByLight')}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="stat-open">
                  {t('dash.openTotal', { n: p.open })}
                </Typography.Text>
              </Space>
            }
            testid="card-lights"
          >
            <Row gutter={[8, 8]}>
              {OPEN_LIGHTS.map((l) => (
                <Col span={12} key={l}>
                  <Statistic
                    title={<Tag color={LIGHT_COLOR[l]}>{t(LIGHT_LABEL[l])}</Tag>}
                    value={p.light[l]}
                    styles={{ content: { color: LIGHT_HEX[l] } }}
                    data-testid={`stat-light-${l}`}
                  />
                </Col>
              ))}
            </Row>
            <LightBar light={p.light} open={p.open} />
          </Box>
        </Col>
      )}
      {a && (
        <Col xs={24} md={12} xl={xl}>
          <Box title={t('dash.assignments')} testid="card-assignments">
            <Statistic title={t('dash.asgTotal')} value={a.total} data-testid="stat-asg-total" />
            <div style={{ marginTop: 12 }}>
              <Rate
                title={t('dash.completionRate')}
                value={a.completionRate}
                testid="stat-asg-rate"
                hint={t('dash.completionHint', { n: a.accepted, d: a.total })}
              />
            </div>
            <Space size={[4, 4]} wrap>
              {ASG_ORDER.filter((s) => a.byStatus[s]).map((s) => (
                <Tag key={s} data-testid={`asg-${s}`}>
                  {t(`asgStatus.${s}` as MessageKey)} {a.byStatus[s]}
                </Tag>
              ))}
            </Space>
          </Box>
        </Col>
      )}
      {o && (
        <Col xs={24} md={12} xl={xl}>
          <Box title={t('dash.opinions')} testid="card-opinions">
            <Space orientation="vertical" style={{ width: '100%' }} size={4}>
              <Rate title={t('dash.responseRate')} value={o.responseRate} testid="stat-op-response" />
              <Rate title={t('dash.resolutionRate')} value={o.resolutionRate} testid="stat-op-resolution" />
              <Rate
                title={t('dash.satisfactionRate')}
                value={o.satisfactionRate}
                testid="stat-op-satisfaction"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dash.received', { n: o.received })}
              </Typography.Text>
            </Space>
          </Box>
        </Col>
      )}
    </Row>
  );
}
