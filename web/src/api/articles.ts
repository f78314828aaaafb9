import { api } from './client';

export interface Article {
  id: number;
  orgId: number;
  orgName: string;
  kind: 'news' | 'example' | string;
  title: string;
  body: string;
  imageIds: number[];
  published: boolean;
  publishedAt: string | null;
  version: number;
}

export const ARTICLE_KINDS: Record<string, string> = { news: '工作动态', example: '典型案例' };
export const MAX_ARTICLE_IMAGES = 6;

/** The 宣传组's articles (news and good examples) for the portal. */
export const articleApi = {
  list: (q: Record<string, string | number | undefined>) =>
    api.get<{ items: Article[]; total: number }>('/api/v1/articles', q),
  create: (body: Record<string, unknown>) => api.post<Article>('/api/v1/articles', body),
  update: (id: number, body: Record<string, unknown>) => api.patch<Article>(`/api/v1/articles/${id}`, body),
  imageUrl: (fileId: number) => `/api/v1/article-files/${fileId}`,
};

/** A picked file as base64 (the API takes pictures inline, at most 1MB each). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('读取图片失败'));
    reader.readAsDataURL(file);
  });
}
