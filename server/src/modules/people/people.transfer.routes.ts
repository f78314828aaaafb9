import type { Deps } from '../../app.js';
import { xlsxTransferRoutes } from '../../platform/xlsx.routes.js';
import { importPeople, preparePeopleExport, previewPeople, writePeopleExport } from './people.transfer.js';

/** Excel import (preview, then all-or-nothing) and streaming export of people. */
export const peopleTransferRoutes = (deps: Deps) =>
  xlsxTransferRoutes(deps.db, {
    base: '/api/v1/people',
    tag: 'people',
    columnsHelp: '姓名, 性别, 所在单位, 政治面貌 (职务, 联系电话 optional)',
    queryKey: 'orgId',
    preview: previewPeople,
    commit: importPeople,
    prepareExport: preparePeopleExport,
    writeExport: writePeopleExport,
    fileName: '人员信息',
    asciiName: 'people',
  });
