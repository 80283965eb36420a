"""outline.py pinned down exactly on whole materials: every section (kind, title, anchor, line and column, heading
level, areas), every point (kind, id, area, title, start and end), its text and each guess, as the archive shows them
(the mutation run of issue #23 measures these tests). The expected values were checked by reading each material."""

from __future__ import annotations

import pytest

from studyarchive.parse.outline import Line, classify, classify_lead, classify_parts, parse_outline, scan_lines, title_of


def read(text: str, areas: tuple[str, ...] = ()) -> tuple[list, list, list, list]:
    outline = parse_outline(text, 1, areas)
    sections = [(s.kind, s.title, s.anchor, (s.start.line, s.start.col), s.heading_level, s.implied,
                 [(label, (pos.line, pos.col), level) for label, pos, level in s.areas]) for s in outline.sections]
    points = [(i.kind, i.id, i.area, i.area_index, i.title, (i.start.line, i.start.col), (i.end.line, i.end.col))
              for i in outline.items]
    return sections, points, [i.text for i in outline.items], outline.guesses


# A material with every usual form: a title, lead text, areas as （一）…。, as a line of their own and as 【…】, 1．points, inline 一是, ordinals,
# the closing formula, signer and date.
M1 = '''\
# 个人发言材料

根据支部安排，我认真查摆了自身问题，现对照检查如下。

## 一、存在问题

（一）理论学习方面。学习不够深入，满足于读原文。

（二）组织纪律方面

1．请示报告不及时。比如，外出未报告。
2．参加组织生活不积极。

【工作作风】

一是作风不实；二是服务意识不强。

## 二、原因分析

一是理论学习抓得不紧；二是党性锻炼不够。

## 三、整改措施

首先，加强理论学习。每天学习一小时。
其次，严守组织纪律。
最后，改进工作作风。

以上对照检查，不妥之处，请同志们批评指正。

发言人：张三

2024年7月18日
'''

M1_READ = (
    [('other', '个人发言材料', 'sec-other-1', (1, 2), 1, False, []),
     ('problems',
      '存在问题',
      'sec-problems',
      (5, 3),
      2,
      False,
      [('理论学习', (7, 0), 0), ('组织纪律', (9, 0), 0), ('工作作风', (14, 0), 0)]),
     ('causes', '原因分析', 'sec-causes', (18, 3), 2, False, []),
     ('measures', '整改措施', 'sec-measures', (22, 3), 2, False, [])],
    [('problem', '1.1', '理论学习', 1, '学习不够深入，满足于读原文', (7, 10), (7, 24)),
     ('problem', '2.1', '组织纪律', 2, '请示报告不及时', (11, 0), (11, 19)),
     ('problem', '2.2', '组织纪律', 2, '参加组织生活不积极', (12, 0), (12, 12)),
     ('problem', '3.1', '工作作风', 3, '作风不实', (16, 0), (16, 7)),
     ('problem', '3.2', '工作作风', 3, '服务意识不强', (16, 7), (16, 16)),
     ('cause', '1', None, None, '理论学习抓得不紧', (20, 0), (20, 11)),
     ('cause', '2', None, None, '党性锻炼不够', (20, 11), (20, 20)),
     ('measure', '1', None, None, '加强理论学习', (24, 0), (24, 18)),
     ('measure', '2', None, None, '严守组织纪律', (25, 0), (25, 10)),
     ('measure', '3', None, None, '改进工作作风', (26, 0), (26, 10))],
    ['学习不够深入，满足于读原文。',
     '请示报告不及时。比如，外出未报告。',
     '参加组织生活不积极。',
     '作风不实；',
     '服务意识不强。',
     '理论学习抓得不紧；',
     '党性锻炼不够。',
     '加强理论学习。每天学习一小时。',
     '严守组织纪律。',
     '改进工作作风。'],
    [],
)


# No section headings: lead-in sentences announce problems, causes and measures (the guesses say so).
M2 = '''\
个人工作反思

一年来，我在工作上取得了一定成绩，但还存在以下几个方面的不足：

1. 学习不够系统。
2. 工作缺乏创新。

究其原因，主要有：一是放松了学习；二是满足于现状。

针对以上不足，今后一是要加强学习；二是要勇于创新。

在今后的工作中，我将继续努力。
'''

M2_READ = (
    [('problems', '一年来,我在工作上取得了一定成绩,但还存在以下几个方面的不足', 'sec-problems', (3, 0), 0, True, []),
     ('causes', '究其原因,主要有', 'sec-causes', (8, 0), 0, True, []),
     ('measures', '针对以上不足,今后', 'sec-measures', (10, 0), 0, True, [])],
    [('problem', '1', None, None, '学习不够系统', (5, 3), (5, 10)),
     ('problem', '2', None, None, '工作缺乏创新', (6, 3), (6, 10)),
     ('cause', '1', None, None, '放松了学习', (8, 9), (8, 17)),
     ('cause', '2', None, None, '满足于现状', (8, 17), (8, 25)),
     ('measure', '1', None, None, '要加强学习', (10, 9), (10, 17)),
     ('measure', '2', None, None, '要勇于创新', (10, 17), (10, 25))],
    ['学习不够系统。', '工作缺乏创新。', '放松了学习；', '满足于现状。', '要加强学习；', '要勇于创新。'],
    [(3, '原文没有“问题”小标题：按引导语“一年来，我在工作上取得了一定成绩，但还存在以下几个方面的不足：”把其后各条识别为问题。'),
     (8, '原文没有“原因”小标题：按引导语“究其原因，主要有：”把其后各条识别为原因。'),
     (10, '原文没有“措施”小标题：按引导语“针对以上不足，今后”把其后各条识别为措施。')],
)


# A combined heading split by its sub-headings.
M3 = '''\
## 一、存在不足与改进方向

（一）存在不足

1. 学习不深入。
2. 联系群众不够。

（二）改进方向

1. 深入学习。
2. 密切联系群众。
'''

M3_READ = (
    [('problems', '存在不足与改进方向', 'sec-problems', (1, 3), 2, False, []),
     ('measures', '改进方向', 'sec-measures', (8, 0), 0, True, [])],
    [('problem', '1', None, None, '学习不深入', (5, 3), (5, 9)),
     ('problem', '2', None, None, '联系群众不够', (6, 3), (6, 10)),
     ('measure', '1', None, None, '深入学习', (10, 3), (10, 8)),
     ('measure', '2', None, None, '密切联系群众', (11, 3), (11, 10))],
    ['学习不深入。', '联系群众不够。', '深入学习。', '密切联系群众。'],
    [(1, '“存在不足与改进方向”合并了问题和措施：先按问题识别，遇到其下的小标题再分开。'), (8, '“改进方向”是合并小标题下的一部分：其下各条识别为措施。')],
)


# A combined heading without sub-headings: 今后，我将……；…… is one measure a clause, continued on the next paragraph.
M4 = '''\
## 一、反思存在问题与今后努力方向

通过学习，我认识到自己学习不够、作风不实。

今后，我将加强理论学习；改进工作作风；
提高服务本领。【针对问题：1】

## 二、下一步打算

下一步，我将做到以下几点；坚持学习；联系群众。
'''

M4_READ = (
    [('problems', '反思存在问题与今后努力方向', 'sec-problems', (1, 3), 2, False, []),
     ('measures', '今后,我将', 'sec-measures', (5, 0), 0, True, []),
     ('measures', '下一步打算', 'sec-measures-3', (8, 3), 2, False, [])],
    [('measure', '1', None, None, '加强理论学习', (5, 5), (5, 12)),
     ('measure', '2', None, None, '改进工作作风', (5, 12), (5, 19)),
     ('measure', '3', None, None, '提高服务本领', (6, 0), (6, 15)),
     ('measure', '4', None, None, '做到以下几点', (10, 6), (10, 13)),
     ('measure', '5', None, None, '坚持学习', (10, 13), (10, 18)),
     ('measure', '6', None, None, '联系群众', (10, 18), (10, 23))],
    ['加强理论学习；', '改进工作作风；', '提高服务本领。【针对问题：1】', '做到以下几点；', '坚持学习；', '联系群众。'],
    [(1, '“反思存在问题与今后努力方向”合并了问题和措施：先按问题识别，遇到其下的小标题再分开。'),
     (5, '“反思存在问题与今后努力方向”下没有措施小标题：把“今后，我将”后用分号隔开的各句识别为措施。')],
)


# Causes and measures written without numbers: one paragraph of causes is one cause; labelled paragraphs are measures.
M5 = '''\
## 二、原因分析

纪律意识不强，对制度的严肃性认识不足。

## 三、整改措施

加强理论学习。每天学习不少于半小时。

严守纪律规矩。严格执行请示报告制度。

改进工作作风。经常深入基层。
'''

M5_READ = (
    [('causes', '原因分析', 'sec-causes', (1, 3), 2, False, []), ('measures', '整改措施', 'sec-measures', (5, 3), 2, False, [])],
    [('cause', '1', None, None, '纪律意识不强，对制度的严肃性认识不足', (3, 0), (3, 19)),
     ('measure', '1', None, None, '加强理论学习', (7, 0), (7, 18)),
     ('measure', '2', None, None, '严守纪律规矩', (9, 0), (9, 18)),
     ('measure', '3', None, None, '改进工作作风', (11, 0), (11, 14))],
    ['纪律意识不强，对制度的严肃性认识不足。', '加强理论学习。每天学习不少于半小时。', '严守纪律规矩。严格执行请示报告制度。', '改进工作作风。经常深入基层。'],
    [],
)


# Labelled paragraphs under areas: each paragraph opening with a short sentence is a problem.
M6 = '''\
## 一、存在问题

（一）理论学习方面

对党的创新理论学习不够。满足于读原文，学用脱节。

联系实际不紧密。比如，学习时很少联系工作。

**（二）工作作风方面**

服务群众意识不强。有时态度生硬。
'''

M6_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 3), 2, False, [('理论学习', (3, 0), 0), ('工作作风', (9, 0), 0)])],
    [('problem', '1.1', '理论学习', 1, '对党的创新理论学习不够', (5, 0), (5, 24)),
     ('problem', '1.2', '理论学习', 1, '联系实际不紧密', (7, 0), (7, 21)),
     ('problem', '2.1', '工作作风', 2, '服务群众意识不强', (11, 0), (11, 16))],
    ['对党的创新理论学习不够。满足于读原文，学用脱节。', '联系实际不紧密。比如，学习时很少联系工作。', '服务群众意识不强。有时态度生硬。'],
    [],
)


# Markdown: heading levels, {#id} attributes, a heading as area, bullets, a quote, a code fence, an ordered list.
M7 = '''\
# 发言提纲 {#top}

### 学习体会

学习了很多。

### 存在问题 {#wenti}

### （一）政治素质方面

- 一是理想信念不够坚定。
- 二是政治敏锐性不强。

> 三是斗争精神不足。

```
四是这是代码。
```

### 整改措施：

1. 坚定理想信念。
2. 增强政治敏锐性。

* 第三，发扬斗争精神。

## 附：学习书目
'''

M7_READ = (
    [('other', '发言提纲', 'sec-other-1', (1, 2), 1, False, []),
     ('problems', '存在问题', 'sec-problems', (7, 4), 3, False, [('政治素质', (9, 4), 3)]),
     ('measures', '整改措施', 'sec-measures', (20, 4), 3, False, []),
     ('other', '附:学习书目', 'sec-other-2', (27, 3), 2, False, [])],
    [('problem', '1.1', '政治素质', 1, '理想信念不够坚定', (11, 2), (11, 13)),
     ('problem', '1.2', '政治素质', 1, '政治敏锐性不强', (12, 2), (12, 12)),
     ('problem', '1.3', '政治素质', 1, '斗争精神不足', (14, 2), (14, 11)),
     ('measure', '1', None, None, '坚定理想信念', (22, 3), (22, 10)),
     ('measure', '2', None, None, '增强政治敏锐性', (23, 3), (25, 12))],
    ['理想信念不够坚定。', '政治敏锐性不强。', '斗争精神不足。', '坚定理想信念。', '增强政治敏锐性。\n第三，发扬斗争精神。'],
    [],
)


# 一要…… and 一抓…… lists; 三要素 is no point; a second measures section gets its own anchor.
M8 = '''\
三、整改措施

一要加强学习，二要改进作风。三要素齐全。

二、其他

四、整改措施

一抓学习；二抓作风；三抓落实。
'''

M8_READ = (
    [('measures', '整改措施', 'sec-measures', (1, 0), 0, False, []),
     ('other', '其他', 'sec-other-1', (5, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-3', (7, 0), 0, False, [])],
    [('measure', '1', None, None, '加强学习，二要改进作风', (3, 0), (3, 20)),
     ('measure', '2', None, None, '学习', (9, 0), (9, 5)),
     ('measure', '3', None, None, '作风', (9, 5), (9, 10)),
     ('measure', '4', None, None, '落实', (9, 10), (9, 15))],
    ['加强学习，二要改进作风。三要素齐全。', '学习；', '作风；', '落实。'],
    [],
)


# 1、 points, circled points inline and on the next line, a closing pledge, the signature at the tail.
M9 = '''\
一、存在问题

1、学习不够。
2、作风不实。

三、整改措施

①加强学习。②改进作风。
③提高本领。
今后，我将以更高标准要求自己。

张三
2024年7月
'''

M9_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 0), 0, False, []), ('measures', '整改措施', 'sec-measures', (6, 0), 0, False, [])],
    [('problem', '1', None, None, '学习不够', (3, 0), (3, 7)),
     ('problem', '2', None, None, '作风不实', (4, 0), (4, 7)),
     ('measure', '1', None, None, '加强学习', (8, 0), (8, 6)),
     ('measure', '2', None, None, '改进作风', (8, 6), (8, 12)),
     ('measure', '3', None, None, '提高本领', (9, 0), (9, 6))],
    ['学习不够。', '作风不实。', '加强学习。', '改进作风。', '提高本领。'],
    [],
)


# Markers and emphasis left out of titles, a long title cut, an other section between two problems sections.
M10 = '''\
一、基本情况

略。

二、存在问题

（1）【针对问题：2023-zhuti-2/zhangsan 1.1】**学习__不够__深入**，比如读书少。
（2）这是一个非常非常长的问题标题用来测试截断功能是否正常工作以及省略号是否正确添加到结尾处的情况。
（3）：、作风不实
（4）

三、上年度问题整改落实情况

1. 已整改。

四、存在问题

1. 又一个问题。
'''

M10_READ = (
    [('other', '基本情况', 'sec-other-1', (1, 0), 0, False, []),
     ('problems', '存在问题', 'sec-problems', (5, 0), 0, False, []),
     ('other', '上年度问题整改落实情况', 'sec-other-2', (12, 0), 0, False, []),
     ('problems', '存在问题', 'sec-problems-4', (16, 0), 0, False, [])],
    [('problem', '1', None, None, '学习不够深入', (7, 0), (7, 56)),
     ('problem', '2', None, None, '这是一个非常非常长的问题标题用来测试截断功能是否正常工作以及省略号是否正确添加…', (8, 0), (8, 50)),
     ('problem', '3', None, None, '作风不实', (9, 0), (9, 9)),
     ('problem', '4', None, None, '', (10, 0), (10, 0)),
     ('problem', '1', None, None, '又一个问题', (18, 3), (18, 9))],
    ['【针对问题：2023-zhuti-2/zhangsan 1.1】**学习__不够__深入**，比如读书少。',
     '这是一个非常非常长的问题标题用来测试截断功能是否正常工作以及省略号是否正确添加到结尾处的情况。',
     '作风不实',
     '',
     '又一个问题。'],
    [],
)


# A heading joining three kinds, its sub-headings (a numbered one and a Markdown heading); a long sub-heading is text.
M11 = '''\
一、存在问题、原因分析及整改措施

（一）存在问题

1. 学习不深入。

学习中有时走过场，这是一个很长很长很长的说明段落。

（二）原因分析。

1. 思想上放松。

### 整改措施

1. 深入学习。

（四）这是一个非常长的小标题超过了十六个字的限制吧

2. 密切联系群众。
'''

M11_READ = (
    [('problems', '存在问题、原因分析及整改措施', 'sec-problems', (1, 0), 0, False, []),
     ('causes', '原因分析', 'sec-causes', (9, 0), 0, True, []),
     ('measures', '整改措施', 'sec-measures', (13, 4), 3, False, [])],
    [('problem', '1', None, None, '学习不深入', (5, 3), (7, 25)),
     ('cause', '1', None, None, '思想上放松', (11, 3), (11, 9)),
     ('measure', '1', None, None, '深入学习', (15, 3), (17, 25)),
     ('measure', '2', None, None, '密切联系群众', (19, 3), (19, 10))],
    ['学习不深入。\n学习中有时走过场，这是一个很长很长很长的说明段落。', '思想上放松。', '深入学习。\n（四）这是一个非常长的小标题超过了十六个字的限制吧', '密切联系群众。'],
    [(1, '“存在问题、原因分析及整改措施”合并了问题和原因和措施：先按问题识别，遇到其下的小标题再分开。'), (9, '“原因分析”是合并小标题下的一部分：其下各条识别为原因。')],
)

# Numbered headings naming no kind are other; a long one and one with a full stop are text; 存在问题： and 展望未来，我将： open sections;
# a pledge between points; a date in Chinese numerals ends the material.
M12 = '''\
三、整改收获

收获很多。

四、这是一个很长的编号标题它超过了三十个字符所以不算作章节标题而是一段正文。

存在问题：

1. 学习不够。

五、问题。原因。

展望未来，我将：

1. 加强学习。
2. 改进作风。

今后，我将继续努力。

3. 提高本领。

二〇二四年七月

1. 这不是措施。
'''

M12_READ = (
    [('other', '整改收获', 'sec-other-1', (1, 0), 0, False, []),
     ('problems', '存在问题', 'sec-problems', (7, 0), 0, False, []),
     ('measures', '展望未来,我将', 'sec-measures', (13, 0), 0, False, [])],
    [('problem', '1', None, None, '学习不够', (9, 3), (11, 8)),
     ('measure', '1', None, None, '加强学习', (15, 3), (15, 8)),
     ('measure', '2', None, None, '改进作风', (16, 3), (16, 8)),
     ('measure', '3', None, None, '提高本领', (20, 3), (20, 8))],
    ['学习不够。\n五、问题。原因。', '加强学习。', '改进作风。', '提高本领。'],
    [],
)

# A point and an area written as headings; the closing formula ends the points; a short line naming a kind is a heading; a signer ends.
M13 = '''\
## 存在问题

### 一是学习不够

### （一）作风方面

1. 作风不实。

## 整改措施

1. 加强学习。

恳请同志们批评指正。

1. 这不是措施。

## 原因

原因之一。

## 其他

汇报人：李四
'''

M13_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 3), 2, False, [('作风', (5, 4), 3)]),
     ('measures', '整改措施', 'sec-measures', (9, 3), 2, False, []),
     ('causes', '原因', 'sec-causes', (17, 3), 2, False, []),
     ('causes', '原因之一', 'sec-causes-4', (19, 0), 0, False, []),
     ('other', '其他', 'sec-other-1', (21, 3), 2, False, [])],
    [('problem', '1', None, None, '学习不够', (3, 4), (3, 10)),
     ('problem', '1.1', '作风', 1, '作风不实', (7, 3), (7, 8)),
     ('measure', '1', None, None, '加强学习', (11, 3), (11, 8))],
    ['学习不够', '作风不实。', '加强学习。'],
    [],
)

# Unnumbered causes in labelled paragraphs; a measures section with one numbered point; paragraphs opening with 比如 or 具体 are no labels.
M14 = '''\
## 原因分析

主要原因有：

思想上放松。对自己要求不严。

学习上懈怠。满足于完成任务。

## 整改措施

一是加强学习。

## 整改措施

比如加强学习。每天一小时。

具体如下。另外说明。
'''

M14_READ = (
    [('causes', '原因分析', 'sec-causes', (1, 3), 2, False, []),
     ('causes', '主要原因有', 'sec-causes-2', (3, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures', (9, 3), 2, False, []),
     ('measures', '整改措施', 'sec-measures-4', (13, 3), 2, False, [])],
    [('cause', '1', None, None, '思想上放松', (5, 0), (5, 14)),
     ('cause', '2', None, None, '学习上懈怠', (7, 0), (7, 14)),
     ('measure', '1', None, None, '加强学习', (11, 0), (11, 7))],
    ['思想上放松。对自己要求不严。', '学习上懈怠。满足于完成任务。', '加强学习。'],
    [],
)


# Areas as a Markdown heading, as a plain 方面 line, with points on the heading's line and with a lead sentence; a text after 但是 is the lead.
M15 = '''\
## 一、存在问题

#### 理论学习方面

一是学习不深。

政治素质方面

一是站位不高。

（三）工作作风：1. 作风不实。2. 效率不高。

（四）纪律方面：有时迟到。

（五）其他。还有一些。

### 二、原因分析

虽然取得了一些进步，但是究其原因，主要有：一是放松学习；二是要求不严。
'''

M15_READ = (
    [('problems',
      '存在问题',
      'sec-problems',
      (1, 3),
      2,
      False,
      [('理论学习', (3, 5), 4), ('政治素质', (7, 0), 0), ('工作作风', (11, 0), 0), ('纪律', (13, 0), 0)]),
     ('causes', '原因分析', 'sec-causes', (17, 4), 3, False, [])],
    [('problem', '1.1', '理论学习', 1, '学习不深', (5, 0), (5, 7)),
     ('problem', '2.1', '政治素质', 2, '站位不高', (9, 0), (9, 7)),
     ('problem', '3.1', '工作作风', 3, '作风不实', (11, 8), (11, 16)),
     ('problem', '3.2', '工作作风', 3, '效率不高', (11, 16), (11, 24)),
     ('problem', '4.1', '纪律', 4, '有时迟到', (13, 8), (15, 11)),
     ('cause', '1', None, None, '放松学习', (19, 21), (19, 28)),
     ('cause', '2', None, None, '要求不严', (19, 28), (19, 35))],
    ['学习不深。', '站位不高。', '作风不实。', '效率不高。', '有时迟到。\n（五）其他。还有一些。', '放松学习；', '要求不严。'],
    [],
)

# Clauses of a pledge over three paragraphs, the first ending with a marker after its semicolon; a later pledge ends nothing.
M16 = '''\
二、整改措施

今后，我将加强学习；【针对问题：1】
改进作风；
提高本领。

三、其他

下一步，我将继续努力。
'''

M16_READ = (
    [('measures', '整改措施', 'sec-measures', (1, 0), 0, False, []), ('other', '其他', 'sec-other-1', (7, 0), 0, False, [])],
    [('measure', '1', None, None, '加强学习', (3, 5), (3, 18)),
     ('measure', '2', None, None, '改进作风', (4, 0), (4, 5)),
     ('measure', '3', None, None, '提高本领', (5, 0), (5, 5))],
    ['加强学习；【针对问题：1】', '改进作风；', '提高本领。'],
    [],
)

# A causes paragraph ending with a colon is no cause; a pledge ending with a colon is no measure.
M17 = '''\
二、原因分析

主要是思想放松，所以出现以下问题：

三、整改措施

在今后的工作中，我将从以下几个方面努力：

（1）加强学习。
（2）改进作风。
'''

M17_READ = (
    [('causes', '原因分析', 'sec-causes', (1, 0), 0, False, []), ('measures', '整改措施', 'sec-measures', (5, 0), 0, False, [])],
    [('measure', '1', None, None, '加强学习', (9, 0), (9, 8)), ('measure', '2', None, None, '改进作风', (10, 0), (10, 8))],
    ['加强学习。', '改进作风。'],
    [],
)

# Achievements are no points; a lead-in sentence with the points on its line; a closing pledge after it.
M18 = '''\
个人工作总结

工作中取得的成绩如下：

一是完成了任务。

存在的主要问题有：一是学习不够；二是作风不实。

下一步，我将：加强学习；改进作风。
'''

M18_READ = (
    [('problems', '存在的主要问题有', 'sec-problems', (7, 0), 0, True, [])],
    [('problem', '1', None, None, '学习不够', (7, 9), (7, 16)), ('problem', '2', None, None, '作风不实', (7, 16), (7, 23))],
    ['学习不够；', '作风不实。'],
    [(7, '原文没有“问题”小标题：按引导语“存在的主要问题有：”把其后各条识别为问题。')],
)


# An area's lead paragraph before numbered points (on the next line or inline after a colon) is no point; a sentence with a full stop is no heading;
# a causes lead inside problems opens nothing; a measures lead does.
M19 = '''\
一、存在问题

（一）学习方面

学习上还有差距。主要是：

1. 学习不够。

（二）作风方面

作风上有差距。表现为以下两点。

主要是：一是作风不实；二是效率不高。

究其原因，主要是：思想放松。

针对以上问题，我将：

1. 加强学习。
2. 改进作风。
'''

M19_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 0), 0, False, [('学习', (3, 0), 0), ('作风', (9, 0), 0)]),
     ('measures', '针对以上问题,我将', 'sec-measures', (17, 0), 0, True, [])],
    [('problem', '1.1', '学习', 1, '学习不够', (7, 3), (7, 8)),
     ('problem', '2.1', '作风', 2, '作风不实', (13, 4), (13, 11)),
     ('problem', '2.2', '作风', 2, '效率不高', (13, 11), (15, 14)),
     ('measure', '1', None, None, '加强学习', (19, 3), (19, 8)),
     ('measure', '2', None, None, '改进作风', (20, 3), (20, 8))],
    ['学习不够。', '作风不实；', '效率不高。\n究其原因，主要是：思想放松。', '加强学习。', '改进作风。'],
    [(17, '原文没有“措施”小标题：按引导语“针对以上问题，我将：”把其后各条识别为措施。')],
)

# Unnumbered causes, one a paragraph; a pledge whose only semicolon is inside a marker; a lone labelled measure; clauses with a paragraph after them; a pledge with 一是 inside.
M20 = '''\
二、原因分析

思想放松。

要求不严。

三、整改措施

今后，我将加强学习【针对问题：1；2】。

加强学习。每天一小时。

四、整改措施

今后，我将加强学习；改进作风。

这是补充说明。

五、整改措施

今后，我将一是加强学习；二是改进作风。
'''

M20_READ = (
    [('causes', '原因分析', 'sec-causes', (1, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures', (7, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-3', (13, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-4', (19, 0), 0, False, [])],
    [('cause', '1', None, None, '思想放松', (3, 0), (3, 5)),
     ('cause', '2', None, None, '要求不严', (5, 0), (5, 5)),
     ('measure', '1', None, None, '加强学习', (15, 5), (15, 10)),
     ('measure', '2', None, None, '改进作风', (15, 10), (17, 7))],
    ['思想放松。', '要求不严。', '加强学习；', '改进作风。\n这是补充说明。'],
    [],
)

# A lead after 当然; a lead that is not the last sentence; a short line naming problems is a heading even after another.
M21 = '''\
心得体会

我们学习了文件。当然，还存在以下不足：一是学习不够；二是作风不实。

还存在以下不足。我们学习了文件：

1. 不是问题。

存在问题

一是学习不够。

还存在以下不足：

1. 仍是问题。
'''

M21_READ = (
    [('problems', '我们学习了文件。当然,还存在以下不足', 'sec-problems', (3, 0), 0, True, []),
     ('problems', '存在问题', 'sec-problems-2', (9, 0), 0, False, []),
     ('problems', '还存在以下不足', 'sec-problems-3', (13, 0), 0, False, [])],
    [('problem', '1', None, None, '学习不够', (3, 19), (3, 26)),
     ('problem', '2', None, None, '作风不实', (3, 26), (7, 8)),
     ('problem', '1', None, None, '学习不够', (11, 0), (11, 7)),
     ('problem', '1', None, None, '仍是问题', (15, 3), (15, 8))],
    ['学习不够；', '作风不实。\n还存在以下不足。我们学习了文件：\n1. 不是问题。', '学习不够。', '仍是问题。'],
    [(3, '原文没有“问题”小标题：按引导语“我们学习了文件。当然，还存在以下不足：”把其后各条识别为问题。')],
)


# Areas written three ways: labelled paragraphs with a numbered paragraph after them, a lead paragraph before inline points,
# labelled paragraphs before a plain heading and numbered measures.
M22 = '''\
一、存在问题

（一）学习方面

学习不够。读书少。

三、作风不实的问题很突出。态度差。

（二）作风方面

作风上有差距。表现为两点。

主要是：一是作风不实；二是效率不高。

（三）纪律方面

纪律松弛。迟到早退。

整改措施

一是加强学习。
'''

M22_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 0), 0, False, [('学习', (3, 0), 0), ('作风', (9, 0), 0), ('纪律', (15, 0), 0)]),
     ('measures', '整改措施', 'sec-measures', (19, 0), 0, False, [])],
    [('problem', '1.1', '学习', 1, '学习不够', (5, 0), (7, 17)),
     ('problem', '2.1', '作风', 2, '作风不实', (13, 4), (13, 11)),
     ('problem', '2.2', '作风', 2, '效率不高', (13, 11), (13, 18)),
     ('problem', '3.1', '纪律', 3, '纪律松弛', (17, 0), (17, 10)),
     ('measure', '1', None, None, '加强学习', (21, 0), (21, 7))],
    ['学习不够。读书少。\n三、作风不实的问题很突出。态度差。', '作风不实；', '效率不高。', '纪律松弛。迟到早退。', '加强学习。'],
    [],
)

# Labelled paragraphs without an area are no problems; bold clauses over three paragraphs with a space after a semicolon; a bold sub-heading with an attribute;
# an implied measures section takes no unnumbered paragraphs; a three-line signature after unnumbered measures.
M23 = '''\
一、存在问题

学习不够。读书少。

作风不实。态度差。

二、整改措施

**今后，我将加强学习； 改进作风；**

**提高本领；**

**转变作风。**

三、存在问题与改进方向

1. 学习不够。

**（二）改进方向** {#gaijin}

1. 深入学习。

四、其他

针对以上不足，整改措施如下：

思想放松。要求不严。

纪律松弛。管理不严。

五、整改措施

加强学习。每天一小时。

改进作风。经常下基层。

清河县文化馆党支部

张三

二〇二四年七月
'''

M23_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures', (7, 0), 0, False, []),
     ('problems', '存在问题与改进方向', 'sec-problems-3', (15, 0), 0, False, []),
     ('measures', '改进方向', 'sec-measures-4', (19, 0), 0, True, []),
     ('other', '其他', 'sec-other-1', (23, 0), 0, False, []),
     ('measures', '针对以上不足,整改措施如下', 'sec-measures-6', (25, 0), 0, True, []),
     ('measures', '整改措施', 'sec-measures-7', (31, 0), 0, False, [])],
    [('measure', '1', None, None, '加强学习', (9, 7), (9, 12)),
     ('measure', '2', None, None, '改进作风', (9, 13), (9, 20)),
     ('measure', '3', None, None, '提高本领', (11, 2), (11, 9)),
     ('measure', '4', None, None, '转变作风', (13, 2), (13, 9)),
     ('problem', '1', None, None, '学习不够', (17, 3), (17, 8)),
     ('measure', '5', None, None, '深入学习', (21, 3), (21, 8)),
     ('measure', '6', None, None, '加强学习', (33, 0), (33, 11)),
     ('measure', '7', None, None, '改进作风', (35, 0), (35, 11))],
    ['加强学习；', '改进作风；**', '提高本领；**', '转变作风。**', '学习不够。', '深入学习。', '加强学习。每天一小时。', '改进作风。经常下基层。'],
    [(15, '“存在问题与改进方向”合并了问题和措施：先按问题识别，遇到其下的小标题再分开。'),
     (19, '“改进方向”是合并小标题下的一部分：其下各条识别为措施。'),
     (25, '原文没有“措施”小标题：按引导语“针对以上不足，整改措施如下：”把其后各条识别为措施。')],
)


# A bold causes paragraph ending with a colon is no cause; a lead paragraph before numbered measures is no measure; an unnumbered paragraph before inline ① points is lead text.
M24 = '''\
一、原因分析

**经过认真反思，我认为产生这些问题的原因主要有以下几点：**

二、整改措施

加强学习是根本。要做到以下几点。

1. 每天学习一小时。
2. 每月写一篇体会。

三、整改措施

改进作风。经常下基层。

加强学习。①每天学习；②做笔记。
'''

M24_READ = (
    [('causes', '原因分析', 'sec-causes', (1, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures', (5, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-3', (12, 0), 0, False, [])],
    [('measure', '1', None, None, '每天学习一小时', (9, 3), (9, 11)),
     ('measure', '2', None, None, '每月写一篇体会', (10, 3), (10, 11)),
     ('measure', '3', None, None, '每天学习', (16, 5), (16, 11)),
     ('measure', '4', None, None, '做笔记', (16, 11), (16, 16))],
    ['每天学习一小时。', '每月写一篇体会。', '每天学习；', '做笔记。'],
    [],
)


# Areas as a heading ending with a colon, as 【…】 with a point after it on its line, as a plain 方面 line, with a point after bold on its line,
# on a line of their own before a point, as a lower heading; marker lines stay with their point; 1、廉洁方面 is a point.
M25 = '''\
一、存在问题

### （一）学习方面：

一是学习不够。

【工作作风】一是作风不实。

【针对问题：1】
【对应问题：1】
【落实措施：1】
【见问题1】

纪律规矩方面

1、廉洁方面

（四）宗旨意识方面。 **一是**服务不够。

（五）担当作为。
一是不敢担当。

#### 组织生活方面。
'''

M25_READ = (
    [('problems',
      '存在问题',
      'sec-problems',
      (1, 0),
      0,
      False,
      [('学习', (3, 4), 3),
       ('工作作风', (7, 0), 0),
       ('纪律规矩', (14, 0), 0),
       ('宗旨意识', (18, 0), 0),
       ('担当作为', (20, 0), 0),
       ('组织生活', (23, 5), 4)])],
    [('problem', '1.1', '学习', 1, '学习不够', (5, 0), (5, 7)),
     ('problem', '2.1', '工作作风', 2, '作风不实', (7, 6), (12, 6)),
     ('problem', '3.1', '纪律规矩', 3, '廉洁方面', (16, 0), (16, 6)),
     ('problem', '4.1', '宗旨意识', 4, '服务不够', (18, 13), (18, 22)),
     ('problem', '5.1', '担当作为', 5, '不敢担当', (21, 0), (21, 7))],
    ['学习不够。', '作风不实。\n【针对问题：1】\n【对应问题：1】\n【落实措施：1】\n【见问题1】', '廉洁方面', '**服务不够。', '不敢担当。'],
    [],
)


# Sub-headings of combined headings numbered 1. / 第一， / (1), one ending with a colon, one with a full stop that is text.
M26 = '''\
一、存在不足和改进方向

1. 存在不足

（1）学习不深入。

2. 改进方向：

（1）深入学习。

二、存在问题及原因

第一，存在问题

一是学习不够。

第二，原因

一是放松学习。

三、存在问题与整改措施

(1) 存在问题

一是学习不够。

(2) 整改措施。今后要努力。

二是作风不实。

(3) 整改措施

一是加强学习。
'''

M26_READ = (
    [('problems', '存在不足和改进方向', 'sec-problems', (1, 0), 0, False, []),
     ('measures', '改进方向', 'sec-measures', (7, 3), 0, True, []),
     ('problems', '存在问题及原因', 'sec-problems-3', (11, 0), 0, False, []),
     ('causes', '原因', 'sec-causes', (17, 0), 0, True, []),
     ('problems', '存在问题与整改措施', 'sec-problems-5', (21, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-6', (31, 0), 0, True, [])],
    [('problem', '1', None, None, '学习不深入', (5, 0), (5, 9)),
     ('measure', '1', None, None, '深入学习', (9, 0), (9, 8)),
     ('problem', '1', None, None, '学习不够', (15, 0), (15, 7)),
     ('cause', '1', None, None, '放松学习', (19, 0), (19, 7)),
     ('problem', '1', None, None, '学习不够', (25, 0), (27, 15)),
     ('problem', '2', None, None, '作风不实', (29, 0), (29, 7)),
     ('measure', '2', None, None, '加强学习', (33, 0), (33, 7))],
    ['学习不深入。', '深入学习。', '学习不够。', '放松学习。', '学习不够。\n(2) 整改措施。今后要努力。', '作风不实。', '加强学习。'],
    [(1, '“存在不足和改进方向”合并了问题和措施：先按问题识别，遇到其下的小标题再分开。'),
     (7, '“改进方向”是合并小标题下的一部分：其下各条识别为措施。'),
     (11, '“存在问题及原因”合并了问题和原因：先按问题识别，遇到其下的小标题再分开。'),
     (17, '“原因”是合并小标题下的一部分：其下各条识别为原因。'),
     (21, '“存在问题与整改措施”合并了问题和措施：先按问题识别，遇到其下的小标题再分开。'),
     (31, '“整改措施”是合并小标题下的一部分：其下各条识别为措施。')],
)


# A 三、 paragraph in problems without a list is lead text; 二要/三抓 cannot open a list; a first point inline after a lead
# sentence in each style; a point after a pledge continues the numbering.
M27 = '''\
一、存在问题

三、学习不够的问题。读书少。

一是作风不实。

二、整改措施

二要加强学习。

三、整改措施

三抓落实。

四、整改措施

具体做到：一要加强学习；二要改进作风。

五、整改措施

具体做到：一抓学习；二抓作风。

六、整改措施

具体做到：第一，加强学习；第二，改进作风。

七、整改措施

具体做到：首先，加强学习；其次，改进作风。

八、整改措施

具体做到：（1）加强学习；（2）改进作风。

九、整改措施

1. 加强学习。
今后，我将努力。
学习之余。2. 改进作风。
'''

M27_READ = (
    [('problems', '存在问题', 'sec-problems', (1, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures', (7, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-3', (11, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-4', (15, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-5', (19, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-6', (23, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-7', (27, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-8', (31, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-9', (35, 0), 0, False, [])],
    [('problem', '1', None, None, '作风不实', (5, 0), (5, 7)),
     ('measure', '1', None, None, '加强学习', (17, 5), (17, 12)),
     ('measure', '2', None, None, '改进作风', (17, 12), (17, 19)),
     ('measure', '3', None, None, '学习', (21, 5), (21, 10)),
     ('measure', '4', None, None, '作风', (21, 10), (21, 15)),
     ('measure', '5', None, None, '加强学习', (25, 5), (25, 13)),
     ('measure', '6', None, None, '改进作风', (25, 13), (25, 21)),
     ('measure', '7', None, None, '加强学习', (29, 5), (29, 13)),
     ('measure', '8', None, None, '改进作风', (29, 13), (29, 21)),
     ('measure', '9', None, None, '加强学习', (33, 5), (33, 13)),
     ('measure', '10', None, None, '改进作风', (33, 13), (33, 21)),
     ('measure', '11', None, None, '加强学习', (37, 3), (37, 8)),
     ('measure', '12', None, None, '改进作风', (39, 5), (39, 13))],
    ['作风不实。', '加强学习；', '改进作风。', '学习；', '作风。', '加强学习；', '改进作风。', '加强学习；', '改进作风。', '加强学习；', '改进作风。', '加强学习。', '改进作风。'],
    [],
)

# A second lead of the same kind continues the implied section's numbering; bold label sentences start their point at the bold.
M28 = '''\
个人工作反思

还存在以下不足：一是学习不够；二是作风不实。

另外还存在以下问题：一是纪律松弛。

一、存在问题

（一）学习方面

**学习不够。**读书少。

**作风不实。**态度差。
'''

M28_READ = (
    [('problems', '还存在以下不足', 'sec-problems', (3, 0), 0, True, []),
     ('problems', '存在问题', 'sec-problems-2', (7, 0), 0, False, [('学习', (9, 0), 0)])],
    [('problem', '1', None, None, '学习不够', (3, 8), (3, 15)),
     ('problem', '2', None, None, '作风不实', (3, 15), (3, 22)),
     ('problem', '3', None, None, '纪律松弛', (5, 10), (5, 17)),
     ('problem', '1.1', '学习', 1, '学习不够', (11, 0), (11, 13)),
     ('problem', '1.2', '学习', 1, '作风不实', (13, 0), (13, 13))],
    ['学习不够；', '作风不实。', '纪律松弛。', '学习不够。**读书少。', '作风不实。**态度差。'],
    [(3, '原文没有“问题”小标题：按引导语“还存在以下不足：”把其后各条识别为问题。')],
)


# A pledge with semicolons after measures is the closing pledge, not more measures; a comma and a space after 我将; a bold closing formula and a signature end the points.
M29 = '''\
一、整改措施

1. 加强学习。

今后，我将努力。

今后，我将继续努力；争取更大进步。

二、整改措施

1. 改进作风。
今后，我将继续努力；争取更大进步。

三、整改措施

今后，我将， 加强学习；改进作风。

四、存在问题

1. 学习不够。

**以上发言，请批评指正。**

1. 这不是问题。

五、存在问题

1. 作风不实。

张三

1. 这也不是问题。
'''

M29_READ = (
    [('measures', '整改措施', 'sec-measures', (1, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-2', (9, 0), 0, False, []),
     ('measures', '整改措施', 'sec-measures-3', (14, 0), 0, False, []),
     ('problems', '存在问题', 'sec-problems', (18, 0), 0, False, []),
     ('problems', '存在问题', 'sec-problems-5', (26, 0), 0, False, [])],
    [('measure', '1', None, None, '加强学习', (3, 3), (3, 8)),
     ('measure', '2', None, None, '改进作风', (11, 3), (11, 8)),
     ('measure', '3', None, None, '加强学习', (16, 7), (16, 12)),
     ('measure', '4', None, None, '改进作风', (16, 12), (16, 17)),
     ('problem', '1', None, None, '学习不够', (20, 3), (20, 8)),
     ('problem', '1', None, None, '作风不实', (28, 3), (28, 8))],
    ['加强学习。', '改进作风。', '加强学习；', '改进作风。', '学习不够。', '作风不实。'],
    [],
)


MATERIALS = [(M1, M1_READ), (M2, M2_READ), (M3, M3_READ), (M4, M4_READ), (M5, M5_READ), (M6, M6_READ), (M7, M7_READ),
             (M8, M8_READ), (M9, M9_READ), (M10, M10_READ), (M11, M11_READ), (M12, M12_READ), (M13, M13_READ), (M14, M14_READ),
             (M15, M15_READ), (M16, M16_READ), (M17, M17_READ), (M18, M18_READ),
             (M19, M19_READ), (M20, M20_READ), (M21, M21_READ), (M22, M22_READ), (M23, M23_READ), (M24, M24_READ),
             (M25, M25_READ), (M26, M26_READ), (M27, M27_READ), (M28, M28_READ), (M29, M29_READ)]


@pytest.mark.parametrize(("text", "expected"), MATERIALS,
                         ids=[f"m{n}" for n in range(1, len(MATERIALS) + 1)])
def test_a_whole_material_reads_exactly(text: str, expected: tuple) -> None:
    sections, points, texts, guesses = read(text)
    assert sections == expected[0]
    assert points == expected[1]
    assert texts == expected[2]
    assert guesses == expected[3]


def test_area_labels_take_the_campaign_area_they_name() -> None:
    _, points, _, _ = read(M6, ("党的创新理论", "理论学习", "工作作风和纪律"))
    assert [(p[1], p[2]) for p in points] == [("1.1", "理论学习"), ("1.2", "理论学习"), ("2.1", "工作作风和纪律")]
    sections, _, _, _ = read(M6, ("理论学习", "工作作风和纪律"))
    assert sections[0][6] == [("理论学习", (3, 0), 0), ("工作作风和纪律", (9, 0), 0)]


def test_positions_count_from_the_body_line() -> None:
    outline = parse_outline("一、存在问题\n\n一是学习不够。", 11)
    assert [(s.start.line, s.start.col) for s in outline.sections] == [(11, 0)]
    assert [(i.start.line, i.start.col, i.end.line, i.end.col) for i in outline.items] == [(13, 0, 13, 7)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## **标题**", Line(0, "## **标题**", "## **标题**", 2, 5, 3)),
        ("- 一是", Line(0, "- 一是", "- 一是", 0, 2, 2)),
        ("1. 内容", Line(0, "1. 内容", "1. 内容", 0, 0, 3)),
        ("12) 项", Line(0, "12) 项", "12) 项", 0, 0, 4)),
        ("123. 项", Line(0, "123. 项", "123. 项", 0, 0, 0)),
        ("> 引用", Line(0, "> 引用", "> 引用", 0, 2, 2)),
        ("   缩进", Line(0, "   缩进", "   缩进", 0, 3, 3)),
        ("    四个空格", Line(0, "    四个空格", "    四个空格", 0, 4, 4)),
        ("  > - 项", Line(0, "  > - 项", "  > - 项", 0, 6, 6)),
        ("#不是标题", Line(0, "#不是标题", "#不是标题", 0, 0, 0)),
        ("####### 七级", Line(0, "####### 七级", "####### 七级", 0, 0, 0)),
        ("###### 六级", Line(0, "###### 六级", "###### 六级", 6, 7, 7)),
        ("（１）全角", Line(0, "（１）全角", "(1)全角", 0, 0, 0)),
        ("*__强调__*", Line(0, "*__强调__*", "*__强调__*", 0, 3, 0)),
    ],
)
def test_each_line_prefix_is_measured(text: str, expected: Line) -> None:
    assert scan_lines(text) == [expected]


def test_blank_lines_and_code_fences_are_left_out() -> None:
    body = "甲\n\n 　 \n```\n代码\n~~~\n仍是代码\n```\n乙\n~~~~\n代码二\n```\n~~~\n丙"
    assert [(line.index, line.text) for line in scan_lines(body)] == [(0, "甲"), (8, "乙"), (13, "丙")]


@pytest.mark.parametrize(
    ("title", "kind", "parts"),
    [
        ("存在不足与改进方向", "problems", ["problems", "measures"]),
        ("存在问题及原因分析", "problems", ["problems", "causes"]),
        ("反思存在问题与今后努力方向", "problems", ["problems", "measures"]),
        ("今后努力方向和整改措施", "measures", ["measures"]),
        ("问题、原因", "problems", ["problems", "causes"]),
        ("存在问题,整改措施", "problems", ["problems", "measures"]),
        ("存在问题暨整改措施", "problems", ["problems", "measures"]),
        ("存在问题以及整改措施", "problems", ["problems", "measures"]),
        ("存在问题并整改措施", "problems", ["problems", "measures"]),
        ("原因与措施与问题", "causes", ["causes", "measures", "problems"]),
        ("问题以及不足", "problems", ["problems"]),
        ("学习体会", None, []),
        ("上年度问题整改落实情况", "other", ["other"]),
        ("整改情况与问题", "other", ["other"]),
        ("症结", "causes", ["causes"]),
        ("根源与举措", "causes", ["causes", "measures"]),
        ("短板弱项", "problems", ["problems"]),
        ("差距", "problems", ["problems"]),
        ("前进方向", "measures", ["measures"]),
        ("今后的打算", "measures", ["measures"]),
        ("努力方向", "measures", ["measures"]),
        ("展望", "measures", ["measures"]),
        ("回头看", "other", ["other"]),
        ("会议要求", "other", ["other"]),
        ("工作要求", "other", ["other"]),
        ("基本情况", "other", ["other"]),
    ],
)
def test_what_a_heading_names(title: str, kind: str | None, parts: list[str]) -> None:
    assert classify(title) == kind
    assert classify_parts(title) == parts


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("还存在以下几个方面的不足", "problems"),
        ("工作中存在的主要问题有", "problems"),
        ("问题主要表现在", "problems"),
        ("问题如下", "problems"),
        ("差距表现为", "problems"),
        ("究其原因，主要有", "causes"),
        ("问题的根源在于", "causes"),
        ("今后，我将", "measures"),
        ("下一步", "measures"),
        ("展望未来", "measures"),
        ("本人将", "measures"),
        ("针对上述问题", "measures"),
        ("对照存在的突出问题", "measures"),
        ("今后要加以改进的问题如下", "measures"),
        ("取得的成绩如下", None),
        ("存在问题的写法例如", None),
        ("会议指出存在问题", None),
        ("“存在问题”如下", None),
        ("一些问题", None),
        ("学习体会", None),
    ],
)
def test_what_a_lead_in_sentence_announces(text: str, kind: str | None) -> None:
    assert classify_lead(text) == kind


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("【针对问题：1】**加强**_学习_。比如读书", "加强学习"),
        ("，：、开头。", "开头"),
        ("比如开头", ""),
        ("标题，比如说明", "标题"),
        ("第一行\n第二行", "第一行"),
        ("正文！后文", "正文"),
        ("正文?后文", "正文"),
        ("正文；后文", "正文"),
        ("无结尾：说明", "无结尾：说明"),
        ("一二三四五六七八九十" * 4, "一二三四五六七八九十" * 4),
        ("一二三四五六七八九十" * 4 + "一", "一二三四五六七八九十" * 3 + "一二三四五六七八九…"),
    ],
)
def test_a_title_is_the_first_sentence_without_markers_at_most_40_characters(text: str, title: str) -> None:
    assert title_of(text) == title


def test_a_marker_on_a_line_of_its_own_stays_with_its_measure() -> None:
    """【针对问题：1】 under a measure once opened a problems section: the measures after it became problems with
    duplicate ids, and the marker linked nothing."""
    text = ("一、存在问题\n\n1. 学习不够。\n\n二、整改措施\n\n1. 加强学习。\n【针对问题：1】\n\n2. 改进作风。\n\n【 对应问题1】\n\n"
            "3. 提高本领。\n\n【建议针对问题：1】")
    sections, points, texts, _ = read(text)
    assert [(s[0], s[1]) for s in sections] == [("problems", "存在问题"), ("measures", "整改措施")]
    assert [(p[0], p[1], p[5], p[6]) for p in points] == [
        ("problem", "1", (3, 3), (3, 8)), ("measure", "1", (7, 3), (8, 8)), ("measure", "2", (10, 3), (12, 8)),
        ("measure", "3", (14, 3), (16, 10))]
    assert texts[1:] == ["加强学习。\n【针对问题：1】", "改进作风。\n【 对应问题1】", "提高本领。\n【建议针对问题：1】"]


def test_a_marker_on_a_line_of_its_own_links_its_measure() -> None:
    from conftest import ROOT
    from studyarchive.core.model import ItemKey
    from studyarchive.core.vocab import load_vocabulary
    from studyarchive.link.pipeline import build_archive

    vocab = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    text = ("---\ntitle: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-dangji\ndate: 2024-07-18\n---\n"
            "一、存在问题\n\n1. 学习不够。\n\n2. 作风不实。\n\n二、整改措施\n\n1. 加强学习。\n【针对问题：1】\n\n2. 改进作风。\n\n【针对问题：2】\n")
    archive = build_archive([("2024-dangji/zhangsan.md", text)], vocab)
    items = archive.materials["2024-dangji/zhangsan.md"].items
    path = "2024-dangji/zhangsan.md"
    assert [(i.kind, i.id, i.answers) for i in items] == [
        ("problem", "1", []), ("problem", "2", []),
        ("measure", "1", [ItemKey(path, "problem", "1")]), ("measure", "2", [ItemKey(path, "problem", "2")])]
    assert [str(d) for d in archive.diagnostics] == []


TEN = "一二三四五六七八九十"


def points(text: str) -> list[tuple[str, str, str | None, str]]:
    return [(p[0], p[1], p[2], p[4]) for p in read(text)[1]]


def test_a_label_sentence_has_4_to_25_characters() -> None:
    def labelled(label: str) -> list[tuple[str, str, str | None, str]]:
        return points(f"一、存在问题\n\n（一）学习方面\n\n{label}。具体表现为少。\n\n作风不实。表现为浮。")

    assert labelled("学习不够") == [("problem", "1.1", "学习", "学习不够"), ("problem", "1.2", "学习", "作风不实")]
    assert labelled("学不够") == []
    assert labelled(TEN * 2 + "一二三四五") == [("problem", "1.1", "学习", TEN * 2 + "一二三四五"), ("problem", "1.2", "学习", "作风不实")]
    assert labelled(TEN * 2 + "一二三四五六") == []
    assert labelled("比如学习不够") == []


def test_a_numbered_heading_naming_no_kind_has_at_most_30_characters() -> None:
    assert read(f"三、{TEN * 3}\n\n一是学习。")[0] == [("other", TEN * 3, "sec-other-1", (1, 0), 0, False, [])]
    assert read(f"三、{TEN * 3}一\n\n一是学习。")[0] == []


def test_a_plain_line_naming_a_kind_has_at_most_12_characters() -> None:
    assert points("主要存在的问题有以下这些\n\n一是学习。") == [("problem", "1", None, "学习")]
    assert points("主要存在的问题有以下这些些\n\n一是学习。") == []


def test_an_area_label_has_at_most_24_characters() -> None:
    assert points(f"一、存在问题\n\n（一）{TEN * 2}一二方面\n\n1. 学习不够。") == [("problem", "1.1", TEN * 2 + "一二", "学习不够")]
    assert points(f"一、存在问题\n\n（一）{TEN * 2}一二三方面\n\n1. 学习不够。") == [
        ("problem", "1", None, TEN * 2 + "一二三方面")]
    assert points(f"一、存在问题\n\n【{TEN * 2}一二三】\n\n1. 学习不够。") == [("problem", "1.1", TEN * 2 + "一二三", "学习不够")]
    assert points(f"一、存在问题\n\n【{TEN * 2}一二三四】\n\n1. 学习不够。") == [("problem", "1", None, "学习不够")]


def test_a_sub_heading_of_a_combined_heading_has_at_most_16_characters() -> None:
    assert points(f"一、存在问题与整改措施\n\n1. 学习。\n\n（二）{TEN}一二整改措施\n\n1. 学习。") == [
        ("problem", "1", None, "学习"), ("measure", "1", None, "学习")]
    assert points(f"一、存在问题与整改措施\n\n1. 学习。\n\n（二）{TEN}一二三整改措施\n\n1. 学习。") == [
        ("problem", "1", None, "学习"), ("problem", "1.1", TEN + "一二三整改措施", "学习")]


def test_a_signature_is_a_name_among_the_last_three_lines() -> None:
    def texts(tail: str) -> list[str]:
        return read(f"一、存在问题\n\n1. 学习不够。\n\n{tail}")[2]

    assert texts("张三\n\n李四\n\n王五") == ["学习不够。"]
    assert texts("张三\n\n李四\n\n王五\n\n赵六") == ["学习不够。\n张三"]
    assert texts("文化馆党支部 张三（签名）") == ["学习不够。"]
    assert texts(TEN * 2) == ["学习不够。"]
    assert texts(TEN * 2 + "一") == ["学习不够。\n" + TEN * 2 + "一"]
    assert texts("张") == ["学习不够。\n张"]


def test_a_sentence_naming_a_problem_word_is_no_heading() -> None:
    """学习上还有差距。主要是： once opened a second problems section: the area's points lost their area numbers."""
    text = "一、存在问题\n\n（一）学习方面\n\n学习上还有差距。主要是：\n\n1. 学习不够。\n\n（二）作风方面\n\n1. 作风不实。"
    sections, points_, _, _ = read(text)
    assert [(s[0], s[1], s[6]) for s in sections] == [("problems", "存在问题", [("学习", (3, 0), 0), ("作风", (9, 0), 0)])]
    assert [(p[1], p[2], p[4]) for p in points_] == [("1.1", "学习", "学习不够"), ("2.1", "作风", "作风不实")]


TAIL = "\n\n以上发言，请批评指正。\n\n张三\n\n李四"


@pytest.mark.parametrize(
    ("first", "second", "points_"),
    [
        ("一是学习不够", "二是作风不实", [("1", "学习不够", (3, 13), (3, 20)), ("2", "作风不实", (3, 20), (3, 27))]),
        ("一要加强学习", "二要改进作风", [("1", "加强学习", (3, 13), (3, 20)), ("2", "改进作风", (3, 20), (3, 27))]),
        ("一抓学习", "二抓作风", [("1", "学习", (3, 13), (3, 18)), ("2", "作风", (3, 18), (3, 23))]),
        ("第一，学习不够", "第二，作风不实", [("1", "学习不够", (3, 13), (3, 21)), ("2", "作风不实", (3, 21), (3, 29))]),
        ("首先，学习不够", "其次，作风不实", [("1", "学习不够", (3, 13), (3, 21)), ("2", "作风不实", (3, 21), (3, 29))]),
        ("（1）学习不够", "（2）作风不实", [("1", "学习不够", (3, 13), (3, 21)), ("2", "作风不实", (3, 21), (3, 29))]),
        ("①学习不够", "②作风不实", [("1", "学习不够", (3, 13), (3, 19)), ("2", "作风不实", (3, 19), (3, 25))]),
    ],
    ids=["zh_shi", "zh_yao", "zh_zhua", "zh_di", "ordinal", "paren_digit", "circled"],
)
def test_a_first_point_of_any_style_may_follow_the_lead_in_on_its_line(first: str, second: str, points_: list) -> None:
    """还存在以下几个方面的不足：①学习不够；②作风不实。 — the lead-in and both points, whatever the numbering."""
    sections, found, texts, guesses = read(f"个人工作反思\n\n还存在以下几个方面的不足：{first}；{second}。{TAIL}")
    assert sections == [("problems", "还存在以下几个方面的不足", "sec-problems", (3, 0), 0, True, [])]
    assert [(p[1], p[4], p[5], p[6]) for p in found] == points_
    assert texts == [points_[0][1] + "；", points_[1][1] + "。"]
    assert guesses == [(3, "原文没有“问题”小标题：按引导语“还存在以下几个方面的不足：”把其后各条识别为问题。")]


@pytest.mark.parametrize(
    ("first", "second"),
    [("一是学习上存在差距", "二是作风上存在不足"), ("第一，学习上存在差距", "第二，作风上存在不足"),
     ("首先，学习上存在差距", "其次，作风上存在不足"), ("（1）学习上存在差距", "（2）作风上存在不足"),
     ("①学习上存在差距", "②作风上存在不足"), ("1. 学习上存在差距", "2. 作风上存在不足")],
    ids=["zh_shi", "zh_di", "ordinal", "paren_digit", "circled", "digit_dot"],
)
def test_a_numbered_point_written_as_a_heading_is_a_point(first: str, second: str) -> None:
    """### ①学习上存在差距 names a problem word but is a point of the section: neither a new section nor an area."""
    sections, found, texts, _ = read(f"## 一、存在问题\n\n### {first}\n\n表现为读书少。\n\n### {second}\n\n表现为不深入。")
    assert sections == [("problems", "存在问题", "sec-problems", (1, 3), 2, False, [])]
    assert [(p[1], p[2], p[4], p[5], p[6]) for p in found] == [
        ("1", None, "学习上存在差距", (3, 4), (5, 7)), ("2", None, "作风上存在不足", (7, 4), (9, 7))]
    assert texts == ["学习上存在差距\n表现为读书少。", "作风上存在不足\n表现为不深入。"]


def test_an_area_written_as_a_heading_with_a_problem_word_is_an_area() -> None:
    sections, found, _, _ = read("## 一、存在问题\n\n### （一）学习上存在差距\n\n表现为读书少。\n\n### （二）作风上存在不足\n\n表现为不深入。")
    assert sections == [("problems", "存在问题", "sec-problems", (1, 3), 2, False,
                         [("学习上存在差距", (3, 4), 3), ("作风上存在不足", (7, 4), 3)])]
    assert [(p[1], p[2], p[4]) for p in found] == [("1.1", "学习上存在差距", "表现为读书少"), ("2.1", "作风上存在不足", "表现为不深入")]


def test_a_lead_in_in_bold_ends_with_its_colon_inside_the_emphasis() -> None:
    sections, found, _, guesses = read(f"个人工作反思\n\n**工作中还存在以下几个方面的不足：**\n\n1. 学习不够。\n\n2. 作风不实。{TAIL}")
    assert sections == [("problems", "工作中还存在以下几个方面的不足", "sec-problems", (3, 0), 0, True, [])]
    assert [(p[1], p[4], p[5], p[6]) for p in found] == [("1", "学习不够", (5, 3), (5, 8)), ("2", "作风不实", (7, 3), (7, 8))]
    assert guesses == [(3, "原文没有“问题”小标题：按引导语“工作中还存在以下几个方面的不足：”把其后各条识别为问题。")]


def test_an_unnumbered_plain_line_is_no_sub_heading_of_a_combined_section() -> None:
    """Only a numbered line or a heading splits 存在不足与改进方向; a longer plain line stays in the point before it."""
    sections, found, texts, _ = read(f"## 一、存在不足与改进方向\n\n1. 学习不够。\n\n今后在工作中的努力方向和打算\n\n2. 加强学习。{TAIL}")
    assert [(s[0], s[1]) for s in sections] == [("problems", "存在不足与改进方向")]
    assert [(p[0], p[1], p[4]) for p in found] == [("problem", "1", "学习不够"), ("problem", "2", "加强学习")]
    assert texts == ["学习不够。\n今后在工作中的努力方向和打算", "加强学习。"]


def test_a_lead_in_naming_aspects_in_bold_opens_no_area() -> None:
    """……表现在以下几个方面：** ends in 方面 but announces the points: they are numbered 1, 2, not 1.1."""
    sections, found, texts, _ = read(f"个人工作反思\n\n**工作中存在的问题主要表现在以下几个方面：**\n\n1. 学习不够。\n\n2. 作风不实。{TAIL}")
    assert sections == [("problems", "工作中存在的问题主要表现在以下几个方面", "sec-problems", (3, 0), 0, True, [])]
    assert [(p[1], p[2], p[4]) for p in found] == [("1", None, "学习不够"), ("2", None, "作风不实")]
    assert texts == ["学习不够。", "作风不实。"]


def test_an_area_in_brackets_may_be_a_list_item() -> None:
    label = TEN * 2 + "一二"
    sections, found, _, _ = read(f"## 一、存在问题\n\n- 【{label}】\n\n1. 学习不够。{TAIL}")
    assert sections[0][6] == [(label, (3, 2), 0)]
    assert [(p[1], p[2], p[4]) for p in found] == [("1.1", label, "学习不够")]


def test_a_plain_area_line_in_bold_and_its_length() -> None:
    """**理论学习方面** is an area; a plain line ending in 方面 has at most 24 characters, 方面 included."""
    sections, found, _, _ = read(f"## 一、存在问题\n\n**理论学习方面**\n\n1. 学习不够。{TAIL}")
    assert sections[0][6] == [("理论学习", (3, 0), 0)]
    assert [(p[1], p[2]) for p in found] == [("1.1", "理论学习")]
    label = TEN * 2 + "一二"
    sections, found, texts, _ = read(f"## 一、存在问题\n\n{label}方面\n\n1. 学习不够。\n\n{label}三方面\n\n2. 作风不实。{TAIL}")
    assert sections[0][6] == [(label, (3, 0), 0)]
    assert [(p[1], p[2], p[4]) for p in found] == [("1.1", label, "学习不够"), ("1.2", label, "作风不实")]
    assert texts == [f"学习不够。\n{label}三方面", "作风不实。"]


def test_a_section_heading_in_bold_has_its_title_without_the_stars() -> None:
    sections, found, _, _ = read(f"## **一、存在问题**\n\n1. 学习不够。{TAIL}")
    assert sections == [("problems", "存在问题", "sec-problems", (1, 3), 2, False, [])]
    assert [(p[1], p[4]) for p in found] == [("1", "学习不够")]


def test_a_short_plain_line_naming_another_kind_opens_no_section() -> None:
    """整改落实情况 inside the problems is text of the point before it: it does not end the problems."""
    sections, found, texts, _ = read(f"## 一、存在问题\n\n1. 学习不够。\n\n整改落实情况\n\n2. 作风不实。{TAIL}")
    assert [(s[0], s[1]) for s in sections] == [("problems", "存在问题")]
    assert [(p[1], p[4]) for p in found] == [("1", "学习不够"), ("2", "作风不实")]
    assert texts == ["学习不够。\n整改落实情况", "作风不实。"]


def test_a_short_line_opening_with_duizhao_is_a_lead_in_to_measures() -> None:
    sections, found, _, guesses = read(f"## 一、存在问题\n\n1. 学习不够。\n\n对照上述问题：\n\n1. 加强学习。{TAIL}")
    assert sections == [("problems", "存在问题", "sec-problems", (1, 3), 2, False, []),
                        ("measures", "对照上述问题", "sec-measures", (5, 0), 0, True, [])]
    assert [(p[0], p[1], p[4]) for p in found] == [("problem", "1", "学习不够"), ("measure", "1", "加强学习")]
    assert guesses == [(5, "原文没有“措施”小标题：按引导语“对照上述问题：”把其后各条识别为措施。")]


def test_pledge_clauses_start_after_the_space_after_the_pledge() -> None:
    _, found, texts, _ = read(f"## 三、整改措施\n\n今后，我将 **加强学习**；**改进作风**。{TAIL}")
    assert [(p[1], p[4], p[5], p[6]) for p in found] == [("1", "加强学习", (3, 6), (3, 15)), ("2", "改进作风", (3, 15), (3, 24))]
    assert texts == ["**加强学习**；", "**改进作风**。"]


def test_a_bare_pledge_line_before_the_measures_is_left_out() -> None:
    """今后我一定 with nothing after it: neither a measure nor an end; the numbered measures follow."""
    sections, found, texts, _ = read(f"## 三、整改措施\n\n今后我一定\n\n1. 加强学习。{TAIL}")
    assert [(s[0], s[1]) for s in sections] == [("measures", "整改措施")]
    assert [(p[0], p[1], p[4], p[5]) for p in found] == [("measure", "1", "加强学习", (5, 3))]
    assert texts == ["加强学习。"]


def test_a_pledge_without_clauses_ends_the_point_before_it() -> None:
    """今后，我将继续努力。 in a combined section ends problem 1: the paragraph after it is not added to it."""
    _, found, texts, _ = read(f"## 一、存在不足与改进方向\n\n1. 学习不够。\n\n今后，我将继续努力。\n\n表现为读书少。{TAIL}")
    assert [(p[0], p[1], p[6]) for p in found] == [("problem", "1", (3, 8))]
    assert texts == ["学习不够。"]


def test_a_heading_naming_a_report_on_last_year_is_other_whatever_else_it_names() -> None:
    assert classify("整改情况、问题及原因") == "other"
    assert classify_parts("整改情况、问题及原因") == ["other"]


def test_a_thematic_break_between_points_is_no_text() -> None:
    _, found, texts, _ = read(f"## 一、存在问题\n\n1. 学习不够。\n\n***\n\n2. 作风不实。{TAIL}")
    assert [(p[1], p[5], p[6]) for p in found] == [("1", (3, 3), (3, 8)), ("2", (7, 3), (7, 8))]
    assert texts == ["学习不够。", "作风不实。"]


def test_a_date_line_in_bold_ends_the_material() -> None:
    _, found, texts, _ = read("## 一、存在问题\n\n1. 学习不够。\n\n**2024年7月18日**\n\n补记：此前已整改部分问题。\n\n"
                              "以上发言，请批评指正。\n\n张三\n\n李四")
    assert [(p[1], p[6]) for p in found] == [("1", (3, 8))]
    assert texts == ["学习不够。"]


@pytest.mark.parametrize("number", ["1、", "（1）"])
def test_a_number_on_a_line_of_its_own_takes_the_next_paragraph_whole(number: str) -> None:
    """1、 alone on its line: the point's text is the next paragraph, from its first character."""
    second = number.replace("1", "2")
    _, found, texts, _ = read(f"## 一、存在问题\n\n{number}\n\n学习不够。\n\n{second}\n\n作风不实。{TAIL}")
    assert [(p[1], p[4], p[5], p[6]) for p in found] == [("1", "学习不够", (3, 0), (5, 5)), ("2", "作风不实", (7, 0), (9, 5))]
    assert texts == ["学习不够。", "作风不实。"]


def test_an_inline_point_ends_before_the_spaces_after_it() -> None:
    _, found, texts, _ = read(f"## 一、存在问题\n\n一是作风不实；  二是服务意识不强。{TAIL}")
    assert [(p[1], p[5], p[6]) for p in found] == [("1", (3, 0), (3, 7)), ("2", (3, 9), (3, 18))]
    assert texts == ["作风不实；", "服务意识不强。"]


def test_a_title_is_cut_at_the_first_line_and_the_first_biru() -> None:
    assert title_of("第一行\n第二行\n第三行") == "第一行"
    assert title_of("学习不够比如读书少比如笔记少") == "学习不够"


def test_an_area_label_in_brackets_loses_its_emphasis() -> None:
    sections, found, _, _ = read(f"## 一、存在问题\n\n【**工作作风**】\n\n1. 作风不实。{TAIL}")
    assert sections[0][6] == [("工作作风", (3, 0), 0)]
    assert [(p[1], p[2]) for p in found] == [("1.1", "工作作风")]


def test_a_heading_combining_three_kinds_is_split_by_each_sub_heading() -> None:
    sections, found, _, guesses = read(
        f"## 一、存在问题、原因及措施\n\n1. 学习不够。\n\n（二）原因分析\n\n1. 放松学习。\n\n（三）整改措施\n\n1. 加强学习。{TAIL}")
    assert [(s[0], s[1], s[3], s[5]) for s in sections] == [
        ("problems", "存在问题、原因及措施", (1, 3), False), ("causes", "原因分析", (5, 0), True), ("measures", "整改措施", (9, 0), True)]
    assert [(p[0], p[1], p[4]) for p in found] == [("problem", "1", "学习不够"), ("cause", "1", "放松学习"), ("measure", "1", "加强学习")]
    assert guesses == [(1, "“存在问题、原因及措施”合并了问题和原因和措施：先按问题识别，遇到其下的小标题再分开。"),
                       (5, "“原因分析”是合并小标题下的一部分：其下各条识别为原因。"),
                       (9, "“整改措施”是合并小标题下的一部分：其下各条识别为措施。")]


def test_an_unnumbered_heading_naming_no_kind_in_a_combined_section_is_an_area() -> None:
    sections, found, _, _ = read(f"## 一、存在不足与改进方向\n\n1. 学习不够。\n\n### 学习体会\n\n2. 作风不实。{TAIL}")
    assert [(s[0], s[1], s[6]) for s in sections] == [("problems", "存在不足与改进方向", [("学习体会", (5, 4), 3)])]
    assert [(p[1], p[2], p[4]) for p in found] == [("1", None, "学习不够"), ("1.1", "学习体会", "作风不实")]


def test_a_lead_in_to_measures_after_the_causes_opens_the_measures() -> None:
    sections, found, _, guesses = read(f"## 二、原因分析\n\n1. 放松学习。\n\n针对以上问题，今后我将：\n\n1. 加强学习。{TAIL}")
    assert [(s[0], s[1], s[3], s[5]) for s in sections] == [
        ("causes", "原因分析", (1, 3), False), ("measures", "针对以上问题,今后我将", (5, 0), True)]
    assert [(p[0], p[1], p[4]) for p in found] == [("cause", "1", "放松学习"), ("measure", "1", "加强学习")]
    assert guesses == [(5, "原文没有“措施”小标题：按引导语“针对以上问题，今后我将：”把其后各条识别为措施。")]


def test_a_lead_in_to_causes_after_the_problems_opens_the_causes() -> None:
    sections, found, _, guesses = read(
        f"## 一、存在问题\n\n1. 学习不够。\n\n产生上述这些问题的原因很多，综合起来有以下几个方面：\n\n1. 放松学习。{TAIL}")
    assert [(s[0], s[1], s[3], s[5]) for s in sections] == [
        ("problems", "存在问题", (1, 3), False), ("causes", "产生上述这些问题的原因很多,综合起来有以下几个方面", (5, 0), True)]
    assert [(p[0], p[1], p[4]) for p in found] == [("problem", "1", "学习不够"), ("cause", "1", "放松学习")]
    assert guesses == [(5, "原文没有“原因”小标题：按引导语“产生上述这些问题的原因很多，综合起来有以下几个方面：”把其后各条识别为原因。")]


def test_under_a_measures_heading_no_lead_in_is_read() -> None:
    """A sentence announcing problems inside the measures is text of the measure before it."""
    sections, found, texts, _ = read(f"## 三、整改措施\n\n1. 加强学习。\n\n工作中还存在以下几个方面的不足：\n\n1. 作风不实。{TAIL}")
    assert [(s[0], s[1]) for s in sections] == [("measures", "整改措施")]
    assert [(p[0], p[1], p[4]) for p in found] == [("measure", "1", "加强学习"), ("measure", "2", "作风不实")]
    assert texts == ["加强学习。\n工作中还存在以下几个方面的不足：", "作风不实。"]


def test_a_short_sentence_saying_as_follows_is_no_label() -> None:
    """学习情况如下。 opens no labelled point (如下 announces), so neither paragraph of the area is one."""
    assert points(f"一、存在问题\n\n（一）学习方面\n\n学习情况如下。略。\n\n作风不实。表现为浮。{TAIL}") == []


def test_a_heading_is_never_a_lead_in() -> None:
    """### 我将从以下几个方面努力： under a section of other content announces nothing: no measures are read."""
    sections, found, _, guesses = read(f"## 一、个人工作反思\n\n### 我将从以下几个方面努力：\n\n1. 加强学习。{TAIL}")
    assert [(s[0], s[1]) for s in sections] == [("other", "个人工作反思")]
    assert found == []
    assert guesses == []


def test_the_comma_after_a_pledge_is_not_part_of_its_title() -> None:
    sections, found, _, guesses = read(f"## 一、存在不足与改进方向\n\n1. 学习不够。\n\n今后，我将，加强学习；改进作风。{TAIL}")
    assert [(s[0], s[1], s[3]) for s in sections] == [("problems", "存在不足与改进方向", (1, 3)), ("measures", "今后,我将", (5, 0))]
    assert [(p[0], p[1], p[4], p[5]) for p in found] == [
        ("problem", "1", "学习不够", (3, 3)), ("measure", "1", "加强学习", (5, 6)), ("measure", "2", "改进作风", (5, 11))]
    assert guesses[1] == (5, "“存在不足与改进方向”下没有措施小标题：把“今后，我将”后用分号隔开的各句识别为措施。")


def test_an_area_in_brackets_ends_at_its_own_closing_bracket() -> None:
    sections, _, _, _ = read(f"## 一、存在问题\n\n【工作作风】表现为【形式主义】\n\n1. 作风不实。{TAIL}")
    assert sections[0][6] == [("工作作风", (3, 0), 0)]


def test_a_cause_written_as_a_heading_alone_in_its_section_is_a_cause() -> None:
    _, found, texts, _ = read(f"## 二、原因分析\n\n### 思想上放松了要求\n\n## 三、整改措施\n\n1. 加强学习。{TAIL}")
    assert [(p[0], p[1], p[4], p[5], p[6]) for p in found] == [
        ("cause", "1", "思想上放松了要求", (3, 4), (3, 12)), ("measure", "1", "加强学习", (7, 3), (7, 8))]
    assert texts == ["思想上放松了要求", "加强学习。"]
