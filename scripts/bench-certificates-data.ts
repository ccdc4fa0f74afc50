import { levelLabel, type SkillLevel } from "../app/occupations/occupations.ts";
import { idNumberCheckChar } from "../app/people/id-number.ts";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "秀英桂兰玉梅美华丽娟建华国平海燕春梅金凤雪芳爱华志红晓燕翠萍文静婷婷建国伟强敏静丽喆䶮堃淼";

/** The i-th certificate of the benchmark batch: varied names, levels and serials, like a city's year of issuing. */
export function benchCertificate(i: number) {
  const first17 = `33052219${70 + (i % 30)}0101${String(i % 1000).padStart(3, "0")}`;
  const level = ((i % 5) + 1) as SkillLevel;
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + GIVEN[(i * 13 + 3) % GIVEN.length]!;
  return {
    kind: "skill_level" as const,
    holderName: name,
    idType: "居民身份证",
    idNumber: first17 + idNumberCheckChar(first17),
    occupation: "养老护理员",
    direction: null,
    level: levelLabel(level),
    number: `S01373305220126${level}${String(i + 1).padStart(6, "0")}`,
    issuerName: "长兴县康养职业技能培训学校",
    issuedOn: "2026-07-10",
  };
}
