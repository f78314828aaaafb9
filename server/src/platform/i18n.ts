export type Locale = 'zh-CN' | 'en-US';

export function pickLocale(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

/** User-facing messages for every AppError code, zh-CN first. `{name}` placeholders are filled from params. */
export const messages: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  UNAUTHENTICATED: { 'zh-CN': '请先登录', 'en-US': 'Please log in' },
  NOT_FOUND: { 'zh-CN': '记录不存在或无权访问', 'en-US': 'Not found or no access' },
  FORBIDDEN: { 'zh-CN': '无权执行此操作', 'en-US': 'You may not do this' },
  CSRF: {
    'zh-CN': '请求校验失败，请刷新页面后重试',
    'en-US': 'Request check failed; reload the page and retry',
  },
  VALIDATION: { 'zh-CN': '输入有误，请检查标出的字段', 'en-US': 'Some fields are invalid' },
  CONFLICT_VERSION: {
    'zh-CN': '该记录已被他人修改，请刷新后重试',
    'en-US': 'Someone else changed this record; reload and retry',
  },
  CONCURRENT: {
    'zh-CN': '他人正在同时修改相关数据，请稍后重试',
    'en-US': 'Someone else is changing the same records; try again',
  },
  BAD_LOGIN: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  LOCKED: {
    'zh-CN': '登录失败次数过多，账号已锁定，请于{minutes}分钟后再试',
    'en-US': 'Too many failed logins; try again in {minutes} minutes',
  },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', 'en-US': 'Too many requests; try again later' },
  PASSWORD_CHANGE_REQUIRED: {
    'zh-CN': '首次登录请先修改初始密码',
    'en-US': 'Change your initial password first',
  },
  WEAK_PASSWORD: { 'zh-CN': '密码不符合要求：{reason}', 'en-US': 'Password too weak: {reason}' },
  WRONG_PASSWORD: { 'zh-CN': '原密码不正确', 'en-US': 'The current password is wrong' },
  DUPLICATE: { 'zh-CN': '{what}已存在', 'en-US': '{what} already exists' },
  ORG_CYCLE: {
    'zh-CN': '不能把单位移动到它自己或它的下级单位之下',
    'en-US': 'An org cannot move under itself or its descendants',
  },
  ORG_SCOPE_ROOT: {
    'zh-CN': '不能移动或撤销您管理范围的根单位',
    'en-US': 'You cannot move or close the root of your own scope',
  },
  ORG_HAS_ACTIVE_CHILDREN: {
    'zh-CN': '该单位仍有未撤销的下级单位，请先处理下级单位',
    'en-US': 'Close the active child orgs first',
  },
  ORG_INACTIVE_PARENT: { 'zh-CN': '上级单位已撤销', 'en-US': 'The parent org is closed' },
  SEPARATION_OF_DUTIES: {
    'zh-CN': '三员分立：系统管理员、安全保密管理员、安全审计员不得由同一账号兼任，也不得兼任业务角色',
    'en-US':
      'Separation of duties: the three system roles must be held by different accounts, with no other role',
  },
  SELF_GRANT: { 'zh-CN': '不能修改自己的授权', 'en-US': 'You cannot change your own grants' },
  IMPORT_INVALID: {
    'zh-CN': '导入文件有{count}处错误，未写入任何数据',
    'en-US': 'The file has {count} errors; nothing was written',
  },
  FILE_INVALID: { 'zh-CN': '文件无法读取：{reason}', 'en-US': 'The file cannot be read: {reason}' },
  PROBLEM_TRANSITION: {
    'zh-CN': '问题当前状态下不能执行该操作',
    'en-US': "This action is not possible in the problem's current state",
  },
  PROBLEM_NO_MEASURES: { 'zh-CN': '请先制定整改措施', 'en-US': 'Add rectification measures first' },
  PROBLEM_MEASURES_OPEN: {
    'zh-CN': '还有整改措施未完成',
    'en-US': 'Some rectification measures are not done',
  },
  PROBLEM_NO_EVIDENCE: {
    'zh-CN': '请上传佐证材料或填写整改结果',
    'en-US': 'Upload evidence or write the result first',
  },
  PROBLEM_NEEDS_RULE: {
    'zh-CN': '长期坚持类问题须关联建章立制成果后方可销号',
    'en-US': 'A long-term problem needs a linked rule before sign-off',
  },
  PROBLEM_SELF_SIGNOFF: {
    'zh-CN': '不能验收销号自己负责的问题',
    'en-US': 'You cannot accept a problem you own',
  },
  PROBLEM_EXTENSION_PENDING: {
    'zh-CN': '已有延期申请待审批',
    'en-US': 'An extension request is already pending',
  },
  PROBLEM_NO_EXTENSION: { 'zh-CN': '没有待审批的延期申请', 'en-US': 'No extension request is pending' },
  PROBLEM_PAST_DEADLINE: {
    'zh-CN': '延期申请须在整改时限届满前提出',
    'en-US': 'Extensions must be requested before the deadline',
  },
  PROBLEM_CLOSED: {
    'zh-CN': '问题已销号或撤销，不能再修改',
    'en-US': 'The problem is signed off or cancelled',
  },
  REASON_REQUIRED: { 'zh-CN': '请填写理由', 'en-US': 'A reason is required' },
  FILE_TYPE: {
    'zh-CN': '仅支持 PDF、图片（PNG/JPEG）、Word/Excel（docx/xlsx）和纯文本文件',
    'en-US': 'Only PDF, PNG/JPEG, docx/xlsx and plain text files are accepted',
  },
  ANSWER_LOCKED: {
    'zh-CN': '检视答卷已提交，退回后方可修改',
    'en-US': 'The answers were submitted; they can change only after a return',
  },
  INVALID_TRANSITION: {
    'zh-CN': '当前状态（{state}）不能{action}',
    'en-US': 'This cannot be done in the current state ({state}): {action}',
  },
  CHILDREN_OPEN: {
    'zh-CN': '还有{open}个下级单位的事项未审结，不能办结',
    'en-US': '{open} sub-assignments are not yet accepted',
  },
  EXTENSION_TOO_LATE: {
    'zh-CN': '已超过完成期限，不能再申请延期',
    'en-US': 'The deadline has passed; an extension can no longer be requested',
  },
  EXTENSION_PENDING: {
    'zh-CN': '已有一项延期申请待审批',
    'en-US': 'An extension request is already pending',
  },
  INTERNAL: { 'zh-CN': '服务器内部错误，请稍后重试', 'en-US': 'Internal error; please retry later' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '提交的内容过大', 'en-US': 'The request is too large' },
  UNSUPPORTED_MEDIA: { 'zh-CN': '不支持的内容类型', 'en-US': 'Unsupported content type' },
  PICTURE_TYPE: {
    'zh-CN': '只接受JPEG、PNG或WebP格式的图片（按文件内容识别）',
    'en-US': 'Only JPEG, PNG or WebP pictures are accepted (recognised by content)',
  },
  PICTURE_TOO_LARGE: {
    'zh-CN': '每张图片不能超过{mb}MB',
    'en-US': 'Each picture may be at most {mb} MB',
  },
  PICTURE_CLOSED: {
    'zh-CN': '图片只能在提交后{minutes}分钟内补充，每条最多{max}张',
    'en-US': 'Pictures can be added within {minutes} minutes of submitting, at most {max} per opinion',
  },
  PUBLIC_RATE_LIMITED: {
    'zh-CN': '提交过于频繁，请{minutes}分钟后再试',
    'en-US': 'Too many submissions; try again in {minutes} minutes',
  },
  POW_INVALID: {
    'zh-CN': '安全校验未通过或已过期，请刷新后重新提交',
    'en-US': 'The security check failed or expired; reload and submit again',
  },
  OPINION_TRANSITION: {
    'zh-CN': '当前状态（{state}）下不能执行此操作',
    'en-US': 'This action is not allowed in the current state ({state})',
  },
  ALREADY_RATED: { 'zh-CN': '今天已经评价过了，请明天再来', 'en-US': 'Already rated today' },
};

export function translate(code: string, locale: Locale, params: Record<string, unknown> = {}): string {
  const entry = messages[code] ?? messages.INTERNAL;
  return entry[locale].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}
