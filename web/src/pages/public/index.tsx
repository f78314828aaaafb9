import { useState } from 'react';
import { Layout, Tabs, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { Deeds, News, Rectification, Stats } from './Sections';
import { SubmitOpinion } from './Submit';
import { TrackOpinion } from './Track';

const TABS = ['news', 'rectification', 'deeds', 'stats', 'submit', 'track'] as const;
type Tab = (typeof TABS)[number];

/** The portal at /public: no login, phone-sized first. */
export default function PublicPortal() {
  const location = useLocation();
  const navigate = useNavigate();
  const fromPath = location.pathname.split('/')[2] as Tab | undefined;
  const [code, setCode] = useState<string | undefined>(
    new URLSearchParams(location.search).get('code') ?? undefined,
  );
  const tab: Tab = fromPath && TABS.includes(fromPath) ? fromPath : 'news';
  const go = (t: string) => navigate(`/public/${t}`);
  return (
    <Layout style={{ minHeight: '100%', background: '#fff' }}>
      <Layout.Header style={{ background: '#c41d1d', padding: '0 16px', height: 'auto', lineHeight: 1.4 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: '12px 0 4px' }}>
          主题教育 · 群众参与
        </Typography.Title>
        <Typography.Text style={{ color: '#ffe' }}>公开整改进展，听取群众意见建议</Typography.Text>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 760, margin: '0 auto', width: '100%' }}>
        <Tabs
          activeKey={tab}
          onChange={go}
          items={[
            { key: 'news', label: '动态', children: <News /> },
            { key: 'rectification', label: '整改公示', children: <Rectification /> },
            { key: 'deeds', label: '办实事', children: <Deeds /> },
            { key: 'stats', label: '统计', children: <Stats /> },
            {
              key: 'submit',
              label: '我有话说',
              children: <SubmitOpinion onTrack={(c) => (setCode(c), go('track'))} />,
            },
            { key: 'track', label: '查询', children: <TrackOpinion key={code} initialCode={code} /> },
          ]}
        />
      </Layout.Content>
    </Layout>
  );
}
