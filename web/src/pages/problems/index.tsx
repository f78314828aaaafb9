import { useI18n } from '../../i18n';
import { useState } from 'react';
import { Card, Tabs } from 'antd';
import { Inspections } from './Inspections';
import { Ledger, type Filters } from './Ledger';
import { Rollup } from './Rollup';
import { Rules } from './Rules';
import { Settings } from './Settings';

/** 检视整改: the ledger, the roll-up by unit, self-inspection, rules and systemic problems. */
export default function ProblemsPage() {
  const [tab, setTab] = useState('ledger');
  const { t } = useI18n();
  const [preset, setPreset] = useState<Filters>({});
  const openLedger = (f: Filters) => {
    setPreset(f);
    setTab('ledger');
  };
  return (
    <Card variant="borderless" title={t('pb.tab.title')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'ledger',
            label: t('pb.tab.ledger'),
            children: <Ledger key={JSON.stringify(preset)} preset={preset} />,
          },
          {
            key: 'rollup',
            label: t('pb.tab.rollup'),
            children: <Rollup onLedger={(orgId) => openLedger({ orgId })} />,
          },
          { key: 'inspect', label: t('pb.tab.inspect'), children: <Inspections /> },
          {
            key: 'rules',
            label: t('pb.tab.rules'),
            children: <Rules onGroup={(groupId) => openLedger({ groupId })} />,
          },
          { key: 'settings', label: t('pb.tab.settings'), children: <Settings /> },
        ]}
      />
    </Card>
  );
}
