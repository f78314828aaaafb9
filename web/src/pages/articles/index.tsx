import { useCallback, useEffect, useState } from 'react';
import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import {
  ARTICLE_KINDS,
  articleApi,
  fileToBase64,
  MAX_ARTICLE_IMAGES,
  type Article,
} from '../../api/articles';
import { OrgSelect } from '../../components/OrgSelect';
import { PageCard } from '../../components/PageCard';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { formatTime } from '../public/format';

interface Values {
  orgId?: number;
  kind: string;
  title: string;
  body: string;
  published?: boolean;
}

const IMAGE_TYPES = 'image/jpeg,image/png,image/webp';
const MAX_IMAGE_BYTES = 1024 * 1024;

/** The current pictures of an article as upload items (uid = file id), shown through the staff file route. */
const existing = (a: Article | null): UploadFile[] =>
  (a?.imageIds ?? []).map((id) => ({
    uid: String(id),
    name: `图片${id}`,
    status: 'done',
    url: articleApi.imageUrl(id),
  }));

/** 宣传组: news and good examples for the portal — list, write, edit, publish and withdraw. */
export default function ArticlesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [data, setData] = useState<{ items: Article[]; total: number }>({ items: [], total: 0 });
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string | undefined>();
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const [images, setImages] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    articleApi
      .list({ page, pageSize: 20, kind })
      .then(setData)
      .catch((e: unknown) => showError(e));
  }, [page, kind, showError]);
  useEffect(load, [load]);

  const open = (a: Article | 'new') => {
    setEditing(a);
    setImages(existing(a === 'new' ? null : a));
    form.setFieldsValue(
      a === 'new'
        ? { kind: 'news', title: '', body: '', published: false }
        : { kind: a.kind, title: a.title, body: a.body },
    );
  };

  const pick = (file: File) => {
    if (!IMAGE_TYPES.split(',').includes(file.type)) message.error(t('articles.imageType'));
    else if (file.size > MAX_IMAGE_BYTES) message.error(t('articles.imageSize'));
    else return false;
    return Upload.LIST_IGNORE;
  };

  const save = async (v: Values) => {
    if (!editing) return;
    setSaving(true);
    try {
      const added = await Promise.all(
        images.filter((f) => f.originFileObj).map((f) => fileToBase64(f.originFileObj as Blob)),
      );
      if (editing === 'new') {
        await articleApi.create({ ...v, published: Boolean(v.published), images: added });
      } else {
        const keep = images.filter((f) => !f.originFileObj).map((f) => Number(f.uid));
        await articleApi.update(editing.id, {
          version: editing.version,
          kind: v.kind,
          title: v.title,
          body: v.body,
          imageIds: keep,
          images: added,
        });
      }
      message.success(t('articles.saved'));
      setEditing(null);
      load();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  const togglePublish = (a: Article) =>
    articleApi
      .update(a.id, { version: a.version, published: !a.published })
      .then(() => {
        message.success(a.published ? t('articles.withdrawn') : t('articles.publishedOk'));
        load();
      })
      .catch((e: unknown) => showError(e));

  return (
    <PageCard
      title={t('nav.articles')}
      extra={
        <Button type="primary" onClick={() => open('new')} data-testid="article-new">
          {t('articles.new')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          allowClear
          placeholder={t('articles.kind')}
          style={{ width: 160 }}
          value={kind}
          onChange={(v: string | undefined) => (setKind(v), setPage(1))}
          options={Object.entries(ARTICLE_KINDS).map(([value, label]) => ({ value, label }))}
        />
        <Table<Article>
          rowKey="id"
          size="small"
          dataSource={data.items}
          scroll={{ x: 760 }}
          pagination={{ current: page, total: data.total, pageSize: 20, onChange: setPage }}
          columns={[
            {
              title: t('articles.title'),
              dataIndex: 'title',
              render: (title: string, a) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{title}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
                    {a.body}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('articles.kind'),
              dataIndex: 'kind',
              width: 90,
              render: (k: string) => ARTICLE_KINDS[k] ?? k,
            },
            { title: t('articles.org'), dataIndex: 'orgName', width: 160 },
            {
              title: t('articles.images'),
              dataIndex: 'imageIds',
              width: 70,
              render: (ids: number[]) => ids.length,
            },
            {
              title: t('articles.status'),
              dataIndex: 'published',
              width: 170,
              render: (p: boolean, a) =>
                p ? (
                  <Tag color="green">
                    {t('articles.published')} {formatTime(a.publishedAt)}
                  </Tag>
                ) : (
                  <Tag>{t('articles.draft')}</Tag>
                ),
            },
            {
              title: t('articles.actions'),
              width: 150,
              render: (_: unknown, a) => (
                <Space>
                  <Button size="small" onClick={() => open(a)} data-testid={`article-edit-${a.id}`}>
                    {t('articles.edit')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => togglePublish(a)}
                    data-testid={`article-publish-${a.id}`}
                  >
                    {a.published ? t('articles.withdraw') : t('articles.publish')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('articles.new') : t('articles.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
        width={720}
      >
        <Form form={form} layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <Form.Item
              name="orgId"
              label={t('articles.org')}
              rules={[{ required: true, message: t('articles.orgRequired') }]}
            >
              <OrgSelect />
            </Form.Item>
          )}
          <Form.Item name="kind" label={t('articles.kind')}>
            <Select options={Object.entries(ARTICLE_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('articles.title')}
            rules={[{ required: true, whitespace: true, max: 100, message: t('articles.titleRule') }]}
          >
            <Input maxLength={100} showCount data-testid="article-title" />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('articles.body')}
            rules={[{ required: true, whitespace: true, max: 20000, message: t('articles.bodyRule') }]}
          >
            <Input.TextArea rows={8} maxLength={20000} showCount data-testid="article-body" />
          </Form.Item>
          <Form.Item label={t('articles.imagesHelp')}>
            <Upload
              listType="picture-card"
              accept={IMAGE_TYPES}
              multiple
              maxCount={MAX_ARTICLE_IMAGES}
              fileList={images}
              beforeUpload={pick}
              onChange={({ fileList }) => setImages(fileList.map((f) => ({ ...f, status: 'done' })))}
            >
              {images.length < MAX_ARTICLE_IMAGES && (
                <span>
                  <PictureOutlined /> {t('articles.addImage')}
                </span>
              )}
            </Upload>
          </Form.Item>
          {editing === 'new' && (
            <Form.Item name="published" valuePropName="checked">
              <Checkbox>{t('articles.publishNow')}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageCard>
  );
}
