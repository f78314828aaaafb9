import { useCallback, useEffect, useState } from 'react';
import { Button, Space, Table, Tag } from 'antd';
import { problemApi, type Rule } from '../../api/problems';
import { useAuth } from '../../auth/AuthContext';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { Groups } from './Groups';
import { RuleLinkModal, RuleModal } from './RuleForms';
import { useCampaignId } from './useCampaign';

/** 建章立制 and 问题归类: the rules adopted and the systemic problems grouped by upper units. */
export function Rules({ onGroup }: { onGroup: (groupId: number) => void }) {
  const { t, fmtDate } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const campaignId = useCampaignId();
  const [rules, setRules] = useState<Rule[]>([]);
  const [creating, setCreating] = useState(false);
  const [linking, setLinking] = useState<Rule | null>(null);
  const load = useCallback(() => {
    problemApi
      .rules({ pageSize: 200 })
      .then((r) => setRules(r.items))
      .catch(showError);
  }, [showError]);
  useEffect(load, [load]);
  const writer = can('problem.write');
  return (
    <>
      <Groups campaignId={campaignId} onGroup={onGroup} />
      {writer && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="rule-new">
            {t('pb.ru.new')}
          </Button>
        </Space>
      )}
      <Table<Rule>
        rowKey="id"
        size="middle"
        dataSource={rules}
        pagination={{ pageSize: 20 }}
        data-testid="rule-table"
        expandable={{
          rowExpandable: (r) => r.body !== '',
          expandedRowRender: (r) => <div style={{ whiteSpace: 'pre-wrap' }}>{r.body}</div>,
        }}
        columns={[
          { title: t('pb.ru.name'), dataIndex: 'title' },
          { title: t('pb.ru.doc'), dataIndex: 'docNumber', width: 180 },
          {
            title: t('pb.ru.file'),
            dataIndex: 'fileName',
            width: 200,
            ellipsis: true,
            render: (name: string | null, r: Rule) =>
              name ? (
                <a
                  onClick={() => problemApi.downloadRuleFile(r.id, name).catch(showError)}
                  data-testid="rule-file-link"
                >
                  {name}
                </a>
              ) : (
                '—'
              ),
          },
          { title: t('pb.ru.org'), dataIndex: 'orgName', width: 220, ellipsis: true },
          {
            title: t('pb.ru.issuedOn'),
            dataIndex: 'issuedOn',
            width: 130,
            render: (v: string | null) => fmtDate(v),
          },
          {
            title: t('pb.ru.link'),
            dataIndex: 'problemCount',
            width: 90,
            render: (n: number) => <Tag data-testid="rule-count">{n}</Tag>,
          },
          ...(writer
            ? [
                {
                  title: t('common.actions'),
                  key: 'op',
                  width: 100,
                  render: (_: unknown, r: Rule) => (
                    <a onClick={() => setLinking(r)} data-testid="rule-link">
                      {t('pb.ru.linkAction')}
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
      <RuleModal
        open={creating}
        campaignId={campaignId}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          load();
        }}
      />
      <RuleLinkModal
        rule={linking}
        onClose={() => setLinking(null)}
        onSaved={() => {
          setLinking(null);
          load();
        }}
      />
    </>
  );
}
