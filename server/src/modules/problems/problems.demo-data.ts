/** Realistic ledger texts for the demo city, one template per 十查十看 dimension. */
export interface ProblemTemplate {
  category: string;
  title: string;
  manifestation: string;
  subjective: string;
  systemic: string;
  target: string;
  measures: [string, 'fix_now' | 'by_deadline' | 'lasting'][];
}

export const TEMPLATES: ProblemTemplate[] = [
  {
    category: '理论学习',
    title: '理论学习不够系统深入',
    manifestation: '理论学习不够系统深入，满足于读原文、念文件，联系实际思考不够，学用结合不紧',
    subjective: '对理论学习重要性认识不足，存在重业务轻学习倾向',
    systemic: '学习制度执行不严，学习成效缺少检验',
    target: '形成系统学习、学用结合的长效机制',
    measures: [
      ['制定专题学习计划，每月开展一次集中研讨', 'fix_now'],
      ['建立学习成效检验和交流机制', 'lasting'],
    ],
  },
  {
    category: '政治素质',
    title: '政治站位不够高',
    manifestation: '政治站位不够高，从政治上看问题、谋划工作的意识不强，落实上级决策部署存在温差',
    subjective: '政治理论修养不够，政治敏锐性和鉴别力有待提高',
    systemic: '重大决策部署落实的跟踪问效机制不健全',
    target: '提高政治判断力、政治领悟力、政治执行力',
    measures: [
      ['开展政治能力专题培训', 'by_deadline'],
      ['建立重大决策部署落实台账，按月跟踪', 'lasting'],
    ],
  },
  {
    category: '担当作为',
    title: '担当作为不够有力',
    manifestation: '面对复杂矛盾存在畏难情绪，遇到难事推诿扯皮，主动作为意识不强',
    subjective: '干事创业精气神不足，存在求稳怕乱思想',
    systemic: '容错纠错和激励机制落实不到位',
    target: '敢于担当、善于作为，难事有人管、有人干',
    measures: [
      ['梳理难点问题清单，明确责任领导和完成时限', 'fix_now'],
      ['落实干部担当作为激励和容错纠错办法', 'by_deadline'],
    ],
  },
  {
    category: '攻坚克难',
    title: '攻坚克难劲头不足',
    manifestation: '推进重点项目办法不多，对历史遗留问题研究不深，攻坚克难的韧劲不足',
    subjective: '斗争精神不强，解决复杂问题的本领不足',
    systemic: '重点项目领导包联机制不完善',
    target: '重点项目按节点推进，遗留问题逐项化解',
    measures: [
      ['成立专班逐项研究遗留问题化解方案', 'by_deadline'],
      ['完善重点项目领导包联制度', 'lasting'],
    ],
  },
  {
    category: '工作效率',
    title: '办事效率不高',
    manifestation: '审批事项办理时限偏长，部分事项群众需多次跑腿，工作落实不够雷厉风行',
    subjective: '服务意识不强，马上就办的作风没有树牢',
    systemic: '审批流程繁琐，部门间信息共享不畅',
    target: '办理时限压缩三分之一，实现一次办好',
    measures: [
      ['梳理审批事项，精简办事材料', 'fix_now'],
      ['推行首问负责和限时办结制度', 'lasting'],
    ],
  },
  {
    category: '工作韧劲',
    title: '抓落实韧劲不足',
    manifestation: '部分工作开头热、后劲不足，跟踪问效不够，久久为功的定力不强',
    subjective: '存在急功近利思想，满足于阶段性成效',
    systemic: '工作督查督办机制执行不严',
    target: '重点工作全程跟踪、按期办结',
    measures: [
      ['建立重点工作督办台账，按周调度', 'fix_now'],
      ['完善督查督办和结果运用办法', 'by_deadline'],
    ],
  },
  {
    category: '争先创优',
    title: '争先创优意识不强',
    manifestation: '满足于完成上级交办任务，对标先进地区不够，工作标准不高',
    subjective: '进取精神不足，安于现状',
    systemic: '工作考核激励导向不够鲜明',
    target: '主要指标进入全市前列',
    measures: [
      ['赴先进地区学习考察，形成对标清单', 'by_deadline'],
      ['优化年度考核指标，突出争先导向', 'by_deadline'],
    ],
  },
  {
    category: '改革创新',
    title: '改革创新办法不多',
    manifestation: '思维方式和工作方法沿用老套路，运用数字化手段解决问题的能力不足',
    subjective: '创新意识不强，学习新知识新技能不够',
    systemic: '创新容错和试点推广机制不健全',
    target: '形成一批可复制推广的创新做法',
    measures: [
      ['开展数字化能力专题培训', 'fix_now'],
      ['建立创新项目试点推广机制', 'lasting'],
    ],
  },
  {
    category: '为民情怀',
    title: '联系服务群众不够紧密',
    manifestation: '深入基层调研不够，对群众急难愁盼问题掌握不全，群众诉求回应不及时',
    subjective: '宗旨意识淡化，群众观念不强',
    systemic: '群众诉求受理和办理反馈机制不完善',
    target: '群众诉求按时办结率达到95%以上',
    measures: [
      ['开展“走基层、解民忧”专项行动', 'fix_now'],
      ['建立群众诉求闭环办理和回访制度', 'lasting'],
    ],
  },
  {
    category: '廉洁自律',
    title: '廉洁风险防控不到位',
    manifestation: '对重点岗位廉洁风险排查不深入，公务接待和公车使用管理存在薄弱环节',
    subjective: '管党治党责任意识不强，对廉洁风险警惕性不高',
    systemic: '权力运行监督制约机制不健全',
    target: '廉洁风险点全部排查并落实防控措施',
    measures: [
      ['全面排查重点岗位廉洁风险点', 'fix_now'],
      ['修订公务接待和公车管理办法', 'lasting'],
    ],
  },
];

export const LEADERS = ['王建国', '李志强', '张伟', '刘洋', '陈敏', '杨帆', '赵磊', '黄静', '周涛', '吴斌'];
export const PERSONS = ['孙丽', '马超', '朱红', '胡军', '郭鹏', '何平', '高峰', '林芳', '罗杰', '梁慧'];
