import { useState } from 'react';
import { Button, Descriptions, Drawer, Input, List, Space, Tag, Upload } from 'antd';
import { Link } from 'react-router-dom';
import { researchApi, type Finding, type ResearchDetail } from '../../api/study';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { ConvertForm } from './ConvertForm';
import { STATUS_COLOR } from './status';

/** A topic: plan, report, findings and their conversions, with the next step for those who manage it. */
export function TopicDrawer({
  detail,
  onChange,
  onClose,
}: {
  detail: ResearchDetail | null;
  onChange: (d: ResearchDetail) => void;
  onClose: () => void;
}) {
  const { t, fmtDateTime } = useI18n();
  const showError = useApiError();
  const [report, setReport] = useState<string | null>(null);
  const [finding, setFinding] = useState('');
  const [converting, setConverting] = useState<Finding | null>(null);

  const run = async (p: Promise<ResearchDetail>) => {
    try {
      onChange(await p);
      return true;
    } catch (err) {
      showError(err);
      return false;
    }
  };
  const d = detail;
  const open = d?.status === 'in_progress' || d?.status === 'reported';
  const converts = d?.status === 'reported' || d?.status === 'converted';

  return (
    <Drawer
      open={Boolean(d)}
      size="large"
      title={d?.title}
      onClose={onClose}
      extra={
        d?.canManage && (
          <Space>
            {d.status === 'planned' && (
              <Button
                type="primary"
                onClick={() =>
                  void run(researchApi.transition(d.id, { version: d.version, action: 'start' }))
                }
              >
                {t('research.start')}
              </Button>
            )}
            {d.status === 'in_progress' && (
              <Button
                type="primary"
                onClick={() =>
                  void run(researchApi.transition(d.id, { version: d.version, action: 'report' }))
                }
              >
                {t('research.doReport')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {d && (
        <>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('research.status')}>
              <Tag color={STATUS_COLOR[d.status]}>{t(`research.status.${d.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('research.org')}>{d.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('research.direction')}>{d.directionTitle ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('research.lead')}>{d.leadName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('research.plan')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{d.plan || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('research.reportedAt')}>
              {d.reportedAt ? fmtDateTime(d.reportedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('research.reportFile')}>
              <Space>
                {d.reportFileName ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => void researchApi.downloadReport(d.id, d.reportFileName!).catch(showError)}
                  >
                    {d.reportFileName}
                  </Button>
                ) : (
                  '—'
                )}
                {d.canManage && open && (
                  <Upload
                    showUploadList={false}
                    accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt"
                    customRequest={({ file }) => {
                      void run(
                        researchApi.uploadReport(d.id, file as File).then(() => researchApi.get(d.id)),
                      );
                    }}
                  >
                    <Button size="small">{t('research.uploadReport')}</Button>
                  </Upload>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('research.report')}>
              {report === null ? (
                <>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{d.report || '—'}</span>
                  {d.canManage && open && (
                    <Button size="small" type="link" onClick={() => setReport(d.report)}>
                      {t('research.editReport')}
                    </Button>
                  )}
                </>
              ) : (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    rows={8}
                    maxLength={50000}
                    value={report}
                    onChange={(e) => setReport(e.target.value)}
                  />
                  <Space>
                    <Button
                      type="primary"
                      size="small"
                      onClick={async () => {
                        if (await run(researchApi.update(d.id, { version: d.version, report })))
                          setReport(null);
                      }}
                    >
                      {t('common.save')}
                    </Button>
                    <Button size="small" onClick={() => setReport(null)}>
                      {t('common.cancel')}
                    </Button>
                  </Space>
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
          <List<Finding>
            header={<b>{t('research.findings')}</b>}
            dataSource={d.findings}
            renderItem={(f) => (
              <List.Item
                actions={[
                  f.conversion === 'problem' && f.problemId ? (
                    <Link key="p" to={`/problems/${f.problemId}`}>
                      {t('research.problemLink', { number: f.problemNumber ?? '' })}
                    </Link>
                  ) : f.conversion === 'rule' ? (
                    <Tag key="r">{t('research.ruleLink', { id: f.ruleId ?? '' })}</Tag>
                  ) : f.conversion === 'measure' ? (
                    <Tag key="m">{t('research.conv.measure')}</Tag>
                  ) : d.canManage && converts ? (
                    <Button key="c" size="small" onClick={() => setConverting(f)}>
                      {t('research.convert')}
                    </Button>
                  ) : null,
                ]}
              >
                <List.Item.Meta title={`${f.seq}. ${f.text}`} description={f.measure || undefined} />
              </List.Item>
            )}
          />
          {d.canManage && open && (
            <Space.Compact style={{ width: '100%' }}>
              <Input
                maxLength={2000}
                value={finding}
                placeholder={t('research.findingPlaceholder')}
                onChange={(e) => setFinding(e.target.value)}
              />
              <Button
                disabled={!finding.trim()}
                onClick={async () => {
                  if (await run(researchApi.addFinding(d.id, finding))) setFinding('');
                }}
              >
                {t('research.addFinding')}
              </Button>
            </Space.Compact>
          )}
          {converting && (
            <ConvertForm
              finding={converting}
              onClose={() => setConverting(null)}
              onSaved={(x) => {
                setConverting(null);
                onChange(x);
              }}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
