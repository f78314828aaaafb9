import type { ReactNode } from 'react';
import { Card } from 'antd';

/** The white box every page sits in: a title, optional actions on the right. */
export function PageCard({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card title={title} extra={extra} variant="borderless">
      {children}
    </Card>
  );
}
