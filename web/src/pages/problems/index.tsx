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
  const [preset, setPreset] = useState<Filters>({});
  const openLedger = (f: Filters) => {
    setPreset(f);
    setTab('ledger');
  };
  return (
    <Card variant="borderless" title="检视整改">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'ledger',
            label: '整改台账',
            children: <Ledger key={JSON.stringify(preset)} preset={preset} />,
          },
          {
            key: 'rollup',
            label: '分级汇总',
            children: <Rollup onLedger={(orgId) => openLedger({ orgId })} />,
          },
          { key: 'inspect', label: '自我检视', children: <Inspections /> },
          {
            key: 'rules',
            label: '建章立制与问题归类',
            children: <Rules onGroup={(groupId) => openLedger({ groupId })} />,
          },
          { key: 'settings', label: '台账设置', children: <Settings /> },
        ]}
      />
    </Card>
  );
}
