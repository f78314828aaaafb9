import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { campaignApi } from '../api/endpoints';
import type { Campaign } from '../api/types';
import { useAuth } from '../auth/AuthContext';

interface CurrentCampaignValue {
  /** the campaigns reaching the user; null while loading */
  campaigns: Campaign[] | null;
  current: Campaign | null;
  /** the current campaign's id, for the `campaignId` query of campaign-scoped API calls */
  campaignId: number | undefined;
  setCampaignId: (id: number) => void;
  reload: () => void;
}

const Ctx = createContext<CurrentCampaignValue | null>(null);
const keyFor = (userId: number) => `luoshi.campaign.${userId}`;

function readStored(userId: number): number | null {
  try {
    const v = Number(localStorage.getItem(keyFor(userId)));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/**
 * The current campaign, chosen in the header and kept per user on this device. Several campaigns can run at
 * once; without a stored choice the latest active campaign is current.
 */
export function CurrentCampaignProvider({ children }: { children: ReactNode }) {
  const { me, can } = useAuth();
  const userId = me?.id ?? 0;
  const allowed = can('campaign.read');
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(() => (userId ? readStored(userId) : null));
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!allowed) return setCampaigns([]);
    campaignApi.list().then(
      (r) => setCampaigns(r.items),
      () => setCampaigns([]),
    );
  }, [allowed, tick]);
  useEffect(() => setChosen(userId ? readStored(userId) : null), [userId]);

  const setCampaignId = useCallback(
    (id: number) => {
      setChosen(id);
      try {
        localStorage.setItem(keyFor(userId), String(id));
      } catch {
        // private mode: the choice lasts for this tab only
      }
    },
    [userId],
  );

  const value = useMemo<CurrentCampaignValue>(() => {
    const list = campaigns ?? [];
    const fallback = [...list].reverse().find((c) => c.status === 'active') ?? list.at(-1) ?? null;
    const current = list.find((c) => c.id === chosen) ?? fallback;
    return {
      campaigns,
      current,
      campaignId: current?.id,
      setCampaignId,
      reload: () => setTick((n) => n + 1),
    };
  }, [campaigns, chosen, setCampaignId]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCurrentCampaign(): CurrentCampaignValue {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCurrentCampaign outside CurrentCampaignProvider');
  return v;
}
