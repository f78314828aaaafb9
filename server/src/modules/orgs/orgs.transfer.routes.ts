import type { Deps } from '../../app.js';
import { xlsxTransferRoutes } from '../../platform/xlsx.routes.js';
import { importOrgs, prepareOrgExport, previewOrgs, writeOrgsExport } from './orgs.transfer.js';

/** Excel import (preview, then all-or-nothing) and streaming export of the org tree. */
export const orgTransferRoutes = (deps: Deps) =>
  xlsxTransferRoutes(deps.db, {
    base: '/api/v1/orgs',
    tag: 'orgs',
    columnsHelp: '单位名称, 上级单位, 单位类型 (简称, 分类, 排序号 optional)',
    queryKey: 'rootId',
    preview: previewOrgs,
    commit: importOrgs,
    prepareExport: prepareOrgExport,
    writeExport: writeOrgsExport,
    fileName: '组织机构',
    asciiName: 'orgs',
  });
