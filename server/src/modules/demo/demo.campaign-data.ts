/** The demo campaign: the second batch of the 2023 theme education in 清河市, as data. */

export interface CampaignItemDef {
  title: string;
  detail: string;
}

export const DEMO_CAMPAIGN = {
  code: 'QH-2023',
  name: '学习贯彻习近平新时代中国特色社会主义思想主题教育（第二批）',
  generalRequirement: '学思想、强党性、重实践、建新功',
  fundamentalTask: '以学铸魂、以学增智、以学正风、以学促干',
  goals: ['凝心铸魂筑牢根本', '锤炼品格强化忠诚', '实干担当促进发展', '践行宗旨为民造福', '廉洁奉公树立新风'],
  phases: [
    { name: '动员部署', startsOn: '2023-09-01', endsOn: '2023-09-20' },
    { name: '学习调研', startsOn: '2023-09-21', endsOn: '2023-11-15' },
    { name: '检视整改', startsOn: '2023-11-16', endsOn: '2023-12-31' },
    { name: '总结评估', startsOn: '2024-01-01', endsOn: '2024-01-31' },
  ],
  startsOn: '2023-09-01',
  endsOn: '2024-01-31',
};

/** 十查十看: the gap to check (title) and the standard to look at (detail). */
export const CHECKLIST: CampaignItemDef[] = [
  { title: '查理论学习', detail: '看是否真学真信真用、入脑入心入行' },
  { title: '查政治素质', detail: '看是否胸怀"两个大局"、心系"国之大者"' },
  { title: '查担当作为', detail: '看是否心无旁骛干事业、一心一意抓落实' },
  { title: '查攻坚克难', detail: '看是否不畏艰险、迎难而上' },
  { title: '查工作效率', detail: '看是否雷厉风行、马上就办' },
  { title: '查工作韧劲', detail: '看是否久久为功、善作善成' },
  { title: '查争先创优', detail: '看是否事争一流、唯旗是夺' },
  { title: '查改革创新', detail: '看是否与时俱进、大胆革新' },
  { title: '查为民情怀', detail: '看是否真情关心群众、用心服务群众' },
  { title: '查廉洁自律', detail: '看是否严于律己、光明磊落' },
];

/** The 15 key research directions the city names. */
export const DIRECTIONS: CampaignItemDef[] = [
  {
    title: '推动制造业高质量发展',
    detail: '聚焦传统产业改造升级和先进制造业集群培育，研究破解企业转型中的堵点难点',
  },
  {
    title: '持续优化营商环境',
    detail: '围绕市场主体反映强烈的审批、融资、用地等问题，研究提升政务服务效能的举措',
  },
  {
    title: '全面推进乡村振兴',
    detail: '聚焦农业增效、农民增收、农村宜居，研究巩固拓展脱贫攻坚成果的长效机制',
  },
  {
    title: '实施城市更新行动',
    detail: '围绕老旧小区改造、背街小巷整治和城市功能完善，研究补齐城市短板的路径',
  },
  { title: '提升基层治理效能', detail: '聚焦党建引领网格化管理和矛盾纠纷多元化解，研究减轻基层负担的办法' },
  {
    title: '加强生态环境保护',
    detail: '围绕大气、水、土壤污染防治和清河流域治理，研究生态保护与发展协同的机制',
  },
  { title: '促进教育优质均衡发展', detail: '聚焦城乡学校差距、学位供给和"双减"落实，研究促进教育公平的措施' },
  {
    title: '提高医疗卫生服务水平',
    detail: '围绕看病难看病贵、基层医疗能力不足，研究推进分级诊疗和医联体建设的办法',
  },
  { title: '完善养老托育服务体系', detail: '聚焦"一老一小"，研究社区嵌入式养老托育服务供给和运营机制' },
  {
    title: '筑牢安全生产防线',
    detail: '围绕危化品、建筑施工、道路交通、燃气等重点行业领域，研究源头防范的长效举措',
  },
  { title: '防范化解地方债务风险', detail: '聚焦政府隐性债务和国有企业融资平台转型，研究稳妥化解风险的路径' },
  {
    title: '推进数字政府建设',
    detail: '围绕数据共享、"一网通办"和基层报表整合，研究数据一次采集、多方共用的办法',
  },
  {
    title: '强化科技创新支撑',
    detail: '聚焦企业创新主体地位和科技成果转化，研究创新平台建设和人才引育的政策',
  },
  {
    title: '推动文旅深度融合',
    detail: '围绕清河文化资源挖掘和全域旅游发展，研究打造文旅品牌、扩大消费的举措',
  },
  {
    title: '加强干部作风建设',
    detail: '聚焦形式主义、官僚主义和干部不敢为不愿为不善为，研究激励担当作为的机制',
  },
];

/** 九个聚力突破: the city's key development tasks. */
export const KEY_TASKS: CampaignItemDef[] = [
  { title: '聚力产业转型升级突破', detail: '推动传统产业高端化、智能化、绿色化，培育壮大先进制造业集群' },
  { title: '聚力科技创新突破', detail: '加快创新平台建设，提高科技成果就地转化率' },
  { title: '聚力项目建设突破', detail: '强化重大项目谋划储备和要素保障，以项目建设扩大有效投资' },
  { title: '聚力开放合作突破', detail: '深化区域协作和招商引资，提升开发区能级' },
  { title: '聚力乡村振兴突破', detail: '发展特色农业和县域经济，建设宜居宜业和美乡村' },
  { title: '聚力城市品质提升突破', detail: '推进城市更新和精细化管理，提升城市功能和形象' },
  { title: '聚力生态环境改善突破', detail: '打好蓝天、碧水、净土保卫战，推动清河流域生态保护' },
  { title: '聚力民生保障突破', detail: '办好教育、医疗、养老、就业等民生实事，解决群众急难愁盼问题' },
  { title: '聚力风险防范化解突破', detail: '守住安全生产、债务、金融和社会稳定底线' },
];
