import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

/**
 * Shows an API error: `fields` land on the matching form items (form.setFields) so the user sees which
 * input is wrong; anything left over, and the error's message, goes to a toast.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!(err instanceof ApiError)) {
        message.error(
          err instanceof Error && err.message ? `${t('error.network')}：${err.message}` : t('error.network'),
        );
        return;
      }
      if (err.status === 401) return; // the auth layer sends the user to the login page
      const registered = form ? new Set(Object.keys(form.getFieldsValue())) : new Set<string>();
      const onForm = err.fields.filter((f) => registered.has(f.field));
      const elsewhere = err.fields.filter((f) => !registered.has(f.field));
      if (form && onForm.length) {
        form.setFields(onForm.map((f) => ({ name: f.field, errors: [f.message] })));
      }
      const extra = elsewhere.map((f) => `${f.field}: ${f.message}`).join('；');
      message.error(extra ? `${err.message}（${extra}）` : err.message);
    },
    [message, t],
  );
}
