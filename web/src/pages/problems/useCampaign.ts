import { useEffect, useState } from 'react';
import { campaignApi } from '../../api/endpoints';

/** The campaign the ledger works on: the first one the caller sees (as the ledger's own new-problem form). */
export function useCampaignId(): number | undefined {
  const [id, setId] = useState<number>();
  useEffect(() => {
    campaignApi
      .list()
      .then((r) => setId(r.items[0]?.id))
      .catch(() => undefined);
  }, []);
  return id;
}
