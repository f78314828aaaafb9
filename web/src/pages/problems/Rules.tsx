import { useEffect, useState } from 'react';
import { Card, List, Table, Tag } from 'antd';
import { problemApi, type Group, type Rule } from '../../api/problems';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

/** 建章立制 and 问题归类: the rules adopted and the systemic problems grouped by upper units. */
export function Rules({ onGroup }: { onGroup: (groupId: number) => void }) {
  const { fmtDate } = useI18n();
  const showError = useApiError();
  const [rules, setRules] = useState<Rule[]>([]);
  const [groups, setGroups] = useState<Group[]>([]);
  useEffect(() => {
    problemApi
      .rules({ pageSize: 200 })
      .then((r) => setRules(r.items))
      .catch(showError);
    problemApi
      .groups()
      .then((r) => setGroups(r.items))
      .catch(showError);
  }, [showError]);
  return (
    <>
      <Card size="small" title="问题归类（系统性问题）" style={{ marginBottom: 16 }}>
        <List
          dataSource={groups}
          locale={{ emptyText: '暂无归类' }}
          renderItem={(g) => (
            <List.Item
              actions={[
                <a key="l" onClick={() => onGroup(g.id)}>
                  查看问题
                </a>,
              ]}
            >
              <List.Item.Meta
                title={g.title}
                description={`${g.orgName} · 涉及 ${g.unitCount} 个单位、${g.problemCount} 个问题 · ${g.description}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Table<Rule>
        rowKey="id"
        size="middle"
        dataSource={rules}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '制度名称', dataIndex: 'title' },
          { title: '文号', dataIndex: 'docNumber', width: 180 },
          { title: '制定单位', dataIndex: 'orgName', width: 220, ellipsis: true },
          { title: '印发日期', dataIndex: 'issuedOn', width: 130, render: (v: string | null) => fmtDate(v) },
          { title: '关联问题', dataIndex: 'problemCount', width: 90, render: (n: number) => <Tag>{n}</Tag> },
        ]}
      />
    </>
  );
}
