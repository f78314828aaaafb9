/**
 * Fixed data for the demo city 清河市 (fictional): org names, categories, name lists and demo accounts.
 * Lists are written as space-separated strings (or character strings) so they stay compact.
 */

export type OrgKind =
  | 'committee'
  | 'working_committee'
  | 'office'
  | 'working_group'
  | 'department'
  | 'township'
  | 'street'
  | 'community'
  | 'village'
  | 'branch'
  | 'enterprise'
  | 'school'
  | 'hospital';

export interface CategoryDef {
  code: string;
  name: string;
  level: '市级' | '县级' | '乡级' | '村级' | '基层';
  sector: '党政机关' | '国有企业' | '学校' | '医院' | '农村' | '城市社区';
}

/** 分类指导 categories (level × sector); every demo org gets one. */
export const CATEGORIES = [
  { code: 'city-party', name: '市委及其工作机构', level: '市级', sector: '党政机关' },
  { code: 'city-dept', name: '市直部门', level: '市级', sector: '党政机关' },
  { code: 'enterprise', name: '市属国有企业', level: '市级', sector: '国有企业' },
  { code: 'school', name: '学校', level: '市级', sector: '学校' },
  { code: 'hospital', name: '公立医院', level: '市级', sector: '医院' },
  { code: 'district-party', name: '县（区）党委及开发区党工委', level: '县级', sector: '党政机关' },
  { code: 'district-dept', name: '县（区）直部门', level: '县级', sector: '党政机关' },
  { code: 'township', name: '乡镇党委', level: '乡级', sector: '农村' },
  { code: 'street', name: '街道党工委', level: '乡级', sector: '城市社区' },
  { code: 'village', name: '村党组织', level: '村级', sector: '农村' },
  { code: 'community', name: '社区党组织', level: '村级', sector: '城市社区' },
  { code: 'branch-organ', name: '机关党支部', level: '基层', sector: '党政机关' },
  { code: 'branch-rural', name: '农村党支部', level: '基层', sector: '农村' },
  { code: 'branch-urban', name: '城市社区党支部', level: '基层', sector: '城市社区' },
  { code: 'branch-enterprise', name: '国有企业党支部', level: '基层', sector: '国有企业' },
  { code: 'branch-school', name: '学校党支部', level: '基层', sector: '学校' },
  { code: 'branch-hospital', name: '医院党支部', level: '基层', sector: '医院' },
] as const satisfies readonly CategoryDef[];

export type CategoryCode = (typeof CATEGORIES)[number]['code'];

export const CITY = {
  name: '中共清河市委员会',
  shortName: '清河市委',
  office: '市委主题教育领导小组办公室',
  officeShort: '市委主题教育办',
  workingGroups: ['综合组', '督导组', '宣传组'],
};

export interface DistrictDef {
  /** prefix used in the names of its units, e.g. 东城区 or 经开区 */
  prefix: string;
  name: string;
  shortName: string;
  kind: 'committee' | 'working_committee';
  /** candidate townships/streets in order; names ending in 街道 are streets, others townships */
  townships: string;
  /** candidate departments in order */
  departments: string;
}

const URBAN_DEPTS = '发展和改革局 教育局 财政局 民政局 卫生健康局 住房和城乡建设局';
const COUNTY_DEPTS = '发展和改革局 教育局 农业农村局 财政局 卫生健康局 自然资源局';

export const DISTRICTS: DistrictDef[] = [
  {
    prefix: '东城区',
    name: '中共清河市东城区委员会',
    shortName: '东城区委',
    kind: 'committee',
    townships: '朝阳街道 新华街道 建设街道 人民路街道 解放街道 和平街道',
    departments: URBAN_DEPTS,
  },
  {
    prefix: '西城区',
    name: '中共清河市西城区委员会',
    shortName: '西城区委',
    kind: 'committee',
    townships: '西关街道 胜利街道 文化街道 花园街道 站前街道 府前街道',
    departments: URBAN_DEPTS,
  },
  {
    prefix: '南湖区',
    name: '中共清河市南湖区委员会',
    shortName: '南湖区委',
    kind: 'committee',
    townships: '湖滨街道 南湖街道 月湖街道 桥南街道 育才街道 滨江街道',
    departments: URBAN_DEPTS,
  },
  {
    prefix: '北山区',
    name: '中共清河市北山区委员会',
    shortName: '北山区委',
    kind: 'committee',
    townships: '北关街道 城北街道 北山街道 龙泉镇 凤凰镇 金山镇',
    departments: URBAN_DEPTS,
  },
  {
    prefix: '清源县',
    name: '中共清源县委员会',
    shortName: '清源县委',
    kind: 'committee',
    townships: '城关镇 清源镇 石桥镇 柳林镇 马坊乡 杨树乡',
    departments: COUNTY_DEPTS,
  },
  {
    prefix: '临河县',
    name: '中共临河县委员会',
    shortName: '临河县委',
    kind: 'committee',
    townships: '城关镇 临河镇 河口镇 沙窝镇 前营乡 东庄乡',
    departments: COUNTY_DEPTS,
  },
  {
    prefix: '青山县',
    name: '中共青山县委员会',
    shortName: '青山县委',
    kind: 'committee',
    townships: '城关镇 青山镇 古城镇 双井镇 松林乡 石门乡',
    departments: COUNTY_DEPTS,
  },
  {
    prefix: '白水县',
    name: '中共白水县委员会',
    shortName: '白水县委',
    kind: 'committee',
    townships: '城关镇 白水镇 白沙镇 良田镇 大营乡 高庄乡',
    departments: COUNTY_DEPTS,
  },
  {
    prefix: '经开区',
    name: '中共清河经济技术开发区工作委员会',
    shortName: '清河经开区党工委',
    kind: 'working_committee',
    townships: '新城街道 临港街道 兴业街道 金港街道',
    departments: '经济发展局 规划建设局 招商合作局 社会事务局',
  },
  {
    prefix: '高新区',
    name: '中共清河高新技术产业开发区工作委员会',
    shortName: '清河高新区党工委',
    kind: 'working_committee',
    townships: '科创街道 高新街道 创新街道 智谷街道',
    departments: '科技创新局 经济发展局 规划建设局 社会事务局',
  },
];

/** Community name stems (…社区). */
export const COMMUNITY_STEMS =
  '幸福里 光明 春晖 锦绣 翠苑 青年路 园丁 康乐 和谐 阳光 金桥 银杏 丽景 百花 东湖 望江 长青 紫荆 书香 ' +
  '枫林 桂园 学府 滨河 馨园 南苑 北苑 振兴 繁荣 民主 友谊';

/** Village name stems (…村). */
export const VILLAGE_STEMS =
  '王庄 李家庄 张家营 刘集 陈家屯 赵店 孙家洼 周寨 吴家堡 前进 红旗 新农 东风 柳树屯 杏花 桃园 河东 河西 ' +
  '上岗 下湾 马家沟 杨柳 大石 小岭 高家峪 郑楼 后营 三里铺 双河 梨园';

/** City departments: name|short name. */
export const CITY_DEPARTMENTS =
  '市委办公室|市委办 市政府办公室|市政府办 市委组织部|市委组织部 市委宣传部|市委宣传部 市委统战部|市委统战部 ' +
  '市委政法委员会|市委政法委 市纪委监委机关|市纪委监委 市发展和改革委员会|市发改委 市教育局|市教育局 ' +
  '市科学技术局|市科技局 市工业和信息化局|市工信局 市公安局|市公安局 市民政局|市民政局 市司法局|市司法局 ' +
  '市财政局|市财政局 市人力资源和社会保障局|市人社局 市自然资源和规划局|市自然资源规划局 ' +
  '市生态环境局|市生态环境局 市住房和城乡建设局|市住建局 市交通运输局|市交通运输局 市水利局|市水利局 ' +
  '市农业农村局|市农业农村局 市商务局|市商务局 市文化广电和旅游局|市文广旅局 市卫生健康委员会|市卫健委 ' +
  '市退役军人事务局|市退役军人局 市应急管理局|市应急局 市审计局|市审计局 市市场监督管理局|市市场监管局 ' +
  '市统计局|市统计局 市医疗保障局|市医保局 市信访局|市信访局 市政务服务和数据管理局|市数据局';

export interface InstitutionDef {
  name: string;
  shortName: string;
  kind: 'enterprise' | 'school' | 'hospital';
  /** candidate branch names (suffix after the short name), in order */
  branches: string;
}

export const INSTITUTIONS: InstitutionDef[] = [
  {
    name: '清河城市建设投资集团有限公司',
    shortName: '清河城投集团',
    kind: 'enterprise',
    branches: '机关党支部 工程管理部党支部 投资发展部党支部 资产运营部党支部 置业公司党支部 建设公司党支部',
  },
  {
    name: '清河水务集团有限公司',
    shortName: '清河水务集团',
    kind: 'enterprise',
    branches: '机关党支部 供水分公司党支部 排水分公司党支部 水质检测中心党支部 客户服务中心党支部',
  },
  {
    name: '清河交通投资集团有限公司',
    shortName: '清河交投集团',
    kind: 'enterprise',
    branches: '机关党支部 公交公司第一党支部 公交公司第二党支部 路桥公司党支部 物流公司党支部',
  },
  {
    name: '清河国有资本运营有限公司',
    shortName: '清河国资运营公司',
    kind: 'enterprise',
    branches: '机关党支部 投资管理部党支部 金融服务部党支部 产业基金公司党支部',
  },
  {
    name: '清河文化旅游集团有限公司',
    shortName: '清河文旅集团',
    kind: 'enterprise',
    branches: '机关党支部 景区管理公司党支部 酒店管理公司党支部 文化传媒公司党支部',
  },
  {
    name: '清河市第一中学',
    shortName: '市一中',
    kind: 'school',
    branches: '高一年级党支部 高二年级党支部 高三年级党支部 行政后勤党支部 退休教师党支部',
  },
  {
    name: '清河市第二中学',
    shortName: '市二中',
    kind: 'school',
    branches: '教工第一党支部 教工第二党支部 教工第三党支部 退休教师党支部',
  },
  {
    name: '清河市实验小学',
    shortName: '市实验小学',
    kind: 'school',
    branches: '低年级教工党支部 高年级教工党支部 行政后勤党支部',
  },
  {
    name: '清河职业技术学院',
    shortName: '清河职院',
    kind: 'school',
    branches: '机关党支部 机电工程系党支部 信息工程系党支部 经济管理系党支部 学生第一党支部 学生第二党支部',
  },
  {
    name: '清河市人民医院',
    shortName: '市人民医院',
    kind: 'hospital',
    branches: '内科党支部 外科党支部 医技党支部 护理党支部 行政后勤党支部 离退休党支部',
  },
  {
    name: '清河市中医院',
    shortName: '市中医院',
    kind: 'hospital',
    branches: '临床第一党支部 临床第二党支部 医技药剂党支部 行政后勤党支部',
  },
  {
    name: '清河市妇幼保健院',
    shortName: '市妇幼保健院',
    kind: 'hospital',
    branches: '临床党支部 保健党支部 行政后勤党支部',
  },
];

export const ORDINALS = '一二三四五六七八九十';

/** Common surnames, most frequent first (the generator favours the front of the list). */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢' +
  '姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

export const GIVEN_MALE =
  '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志海峰东亮成卫立新兵振胜利德永';
export const GIVEN_FEMALE = '芳娜敏静丽艳娟霞燕玲婷雪慧琳洁颖倩莉萍红梅琴蕾晶璐欣怡佳雯英兰凤秀珍月';
export const GIVEN_NEUTRAL = '文晓春秋雨子一思嘉安书雅清云晨泽朝家天红玉金';

export const PHONE_PREFIXES =
  '130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 180 181 182 183 185 186 187 188 189';

export interface DemoAccountDef {
  username: string;
  displayName: string;
  /** role code granted, or null (the supervisor's access comes from the group) */
  role: string | null;
  /** name of the org the role is granted at */
  grantOrg: string | null;
  /** name of the home org (users.org_id), or null */
  homeOrg: string | null;
  /** link the account to a person of the home org with this position */
  personPosition?: string;
}

export const DEMO_BRANCH = '东城区朝阳街道机关党支部';
export const DEMO_DEPARTMENT = '市发展和改革委员会';
export const DEMO_DISTRICT = '中共清河市东城区委员会';
export const SUPERVISED_DISTRICTS = [DEMO_DISTRICT, '中共清源县委员会'];

export const SUPERVISION_GROUP = { name: '省委主题教育第十二巡回督导组', issuer: '省委主题教育领导小组' };

/** The demo accounts; all share the published demo password. */
export const DEMO_ACCOUNTS: DemoAccountDef[] = [
  {
    username: 'city_admin',
    displayName: '市委主题教育办管理员',
    role: 'office_admin',
    grantOrg: CITY.name,
    homeOrg: CITY.office,
  },
  {
    username: 'district_admin',
    displayName: '东城区主题教育办管理员',
    role: 'unit_admin',
    grantOrg: DEMO_DISTRICT,
    homeOrg: '东城区委主题教育办公室',
  },
  {
    username: 'dept_liaison',
    displayName: '市发改委联络员',
    role: 'liaison',
    grantOrg: DEMO_DEPARTMENT,
    homeOrg: DEMO_DEPARTMENT,
  },
  {
    username: 'branch_secretary',
    displayName: '支部书记',
    role: 'branch_secretary',
    grantOrg: DEMO_BRANCH,
    homeOrg: DEMO_BRANCH,
    personPosition: '书记',
  },
  {
    username: 'branch_member',
    displayName: '党员',
    role: 'member',
    grantOrg: DEMO_BRANCH,
    homeOrg: DEMO_BRANCH,
    personPosition: '党员',
  },
  { username: 'supervisor', displayName: '督导组组员', role: null, grantOrg: null, homeOrg: null },
  {
    username: 'sysadmin',
    displayName: '系统管理员',
    role: 'sysadmin',
    grantOrg: CITY.name,
    homeOrg: CITY.name,
  },
  {
    username: 'secadmin',
    displayName: '安全保密管理员',
    role: 'secadmin',
    grantOrg: CITY.name,
    homeOrg: CITY.name,
  },
  {
    username: 'auditor',
    displayName: '安全审计员',
    role: 'auditor',
    grantOrg: CITY.name,
    homeOrg: CITY.name,
  },
];
