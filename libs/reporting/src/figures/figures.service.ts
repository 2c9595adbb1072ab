import { Injectable } from '@nestjs/common';
import { ClassDirectory, type ClassListing } from '@hvs/classes';
import { AreaRepository, GeoCatalog, UnitsInScope, VillageRepository } from '@hvs/geography';
import { type Caller, Env, normalizeSearchText, vietnamToday } from '@hvs/platform';
import type { Counters, Group } from '../aggregates/coverage-cells';
import { Periods, type Period } from '../periods/periods';
import { ReportingErrors } from '../reporting-access';
import type { Target, TargetBook } from '../targets/target-book';
import { TargetRepository } from '../targets/target.repository';
import { CommuneDenominators, type CommuneDenominatorFigure } from './commune-denominators';
import { addDays, gapText, gapTo, mergeDenominators, PACE_DAYS, projectTarget, rateOf, sumDenominators, trendSeries, type SummedDenominator } from './coverage-math';
import { addCounts, CoverageReads, emptyCounts, type UnitCounts } from './coverage-reads';
import type {
  ChildFiguresView,
  FiguresView,
  GroupFiguresView,
  RankedCommuneView,
  RankingQuery,
  RankingView,
  TrendView,
  UnitFiguresView,
  UnitLevel,
  UnitRefView,
} from './figures.dto';

/** A unit the figures are asked for. */
export type UnitRef =
  | { level: 'country' }
  | { level: 'province'; code: string }
  | { level: 'area'; id: string }
  | { level: 'commune'; code: string }
  | { level: 'village'; code: string }
  | { level: 'class'; id: string };

/** A unit the rankings and trends are for: made of communes. */
export type CommuneGroupRef = Extract<UnitRef, { level: 'country' | 'province' | 'area' | 'commune' }>;

/** The groups left behind, in the order officers read them, with their names. */
const GROUP_LABELS: ReadonlyArray<[Group, string]> = [
  ['age:18-35', 'Từ 18 đến 35 tuổi'],
  ['age:36-59', 'Từ 36 đến 59 tuổi'],
  ['age:60+', 'Từ 60 tuổi trở lên'],
  ['sex:male', 'Nam'],
  ['sex:female', 'Nữ'],
  ['ethnic_minority', 'Người dân tộc thiểu số'],
  ['disability', 'Người khuyết tật'],
  ['poverty:poor', 'Hộ nghèo'],
  ['poverty:near_poor', 'Hộ cận nghèo'],
  ['no_smartphone', 'Không có điện thoại thông minh'],
];

/** What a unit's figures are made of, before they are shaped for the answer. */
interface UnitParts {
  ref: UnitRefView;
  counts: UnitCounts;
  denominator: SummedDenominator | { adults: number; source: 'registered' | 'enrolled' };
  target: Target;
}

/** A unit resolved in the caller's scope: what it is, its communes (if made of them), its children. */
interface Resolved {
  ref: UnitRefView;
  provinceCode: string | null;
  /** The communes it is made of (country to commune); empty for a village or class. */
  communes: string[];
}

/**
 * The read side of reporting (docs/reporting.md, "Reading"): a unit's figures with its children's, the
 * groups left behind, the pace and projected date, the trend and the rankings. Everything is read from
 * the aggregates (CoverageReads) and the denominators and targets; the caller's scope is checked on the
 * unit first (unknown 404, outside 403 OUTSIDE_SCOPE; a class outside an instructor's own: 404).
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly env: Env,
    private readonly catalog: GeoCatalog,
    private readonly units: UnitsInScope,
    private readonly villages: VillageRepository,
    private readonly areas: AreaRepository,
    private readonly classes: ClassDirectory,
    private readonly periods: Periods,
    private readonly reads: CoverageReads,
    private readonly denominators: CommuneDenominators,
    private readonly targets: TargetRepository,
  ) {}

  async figures(ref: UnitRef, periodCode: string | undefined, caller: Caller): Promise<UnitFiguresView> {
    const period = await this.periods.resolve(periodCode);
    const today = vietnamToday();
    const base = { period, referenceDate: today, adultAge: this.env.REPORTING_ADULT_AGE };
    switch (ref.level) {
      case 'country':
        return this.countryFigures(caller, period, today, base);
      case 'province':
        return this.provinceFigures(ref.code, caller, period, today, base);
      case 'area':
        return this.areaFigures(ref.id, caller, period, today, base);
      case 'commune':
        return this.communeFigures(ref.code, caller, period, today, base);
      case 'village':
        return this.villageFigures(ref.code, caller, period, base);
      case 'class':
        return this.classFigures(ref.id, caller, period, base);
    }
  }

  private async countryFigures(caller: Caller, period: Period, today: string, base: Base): Promise<UnitFiguresView> {
    this.resolveCountry(caller);
    const provinces = this.catalog.findProvinces();
    const [unitCounts, provinceCounts, denominators, book] = await Promise.all([
      this.reads.counts('country', ['VN'], true),
      this.reads.counts('province', provinces.map((p) => p.code), false),
      this.denominators.byProvince(period.code),
      this.targets.book(period, { provinces: provinces.map((p) => p.code) }),
    ]);
    const none = mergeDenominators([]);
    const unit: UnitParts = {
      ref: COUNTRY,
      counts: unitCounts.get('VN') ?? emptyCounts(),
      denominator: mergeDenominators(provinces.map((p) => denominators.get(p.code) ?? none)),
      target: book.default(),
    };
    const children = provinces.map((p) =>
      this.child({
        ref: { level: 'province', code: p.code, name: p.fullName },
        counts: provinceCounts.get(p.code) ?? emptyCounts(),
        denominator: denominators.get(p.code) ?? none,
        target: book.province(p.code),
      }),
    );
    return this.answer(unit, base, await this.projection('country', ['VN'], unit, today), 'province', children);
  }

  private async provinceFigures(code: string, caller: Caller, period: Period, today: string, base: Base): Promise<UnitFiguresView> {
    const province = this.catalog.provinceInScope(code, caller.scope);
    const communes = this.catalog.findCommunes({ provinceCode: province.code });
    const codes = communes.map((c) => c.code);
    const communeCountsRead = this.reads.counts('commune', codes, false);
    const [unitCounts, communeCounts, denominators, book, areas] = await Promise.all([
      this.reads.counts('province', [province.code], true),
      communeCountsRead,
      this.denominators.of(period.code, codes, communeCountsRead),
      this.targets.book(period, { provinces: [province.code], communes: codes }),
      this.areas.membersInProvince(province.code),
    ]);
    const unit: UnitParts = {
      ref: { level: 'province', code: province.code, name: province.fullName },
      counts: unitCounts.get(province.code) ?? emptyCounts(),
      denominator: sumDenominators(codes.map((c) => denominators.get(c)!)),
      target: book.province(province.code),
    };
    const children = communes.map((c) => this.child(this.communeParts(c.code, c.fullName, province.code, communeCounts, denominators, book)));
    const areaViews = areas.map((a) => {
      const counts = emptyCounts();
      for (const m of a.members) addCounts(counts, communeCounts.get(m) ?? emptyCounts());
      return this.child({
        ref: { level: 'area', code: a.id, name: a.name },
        counts,
        denominator: sumDenominators(a.members.map((m) => denominators.get(m)).filter((d): d is CommuneDenominatorFigure => d !== undefined)),
        target: book.province(province.code),
      });
    });
    const view = this.answer(unit, base, await this.projection('province', [province.code], unit, today), 'commune', children);
    return { ...view, areas: areaViews };
  }

  private async areaFigures(id: string, caller: Caller, period: Period, today: string, base: Base): Promise<UnitFiguresView> {
    const area = await this.units.areaCovered(id, caller.scope);
    const codes = area.members.map((m) => m.communeCode);
    const communeCountsRead = this.reads.counts('commune', codes, true);
    const [communeCounts, denominators, book] = await Promise.all([
      communeCountsRead,
      this.denominators.of(period.code, codes, communeCountsRead),
      this.targets.book(period, { provinces: [area.provinceCode], communes: codes }),
    ]);
    const counts = emptyCounts();
    for (const c of codes) addCounts(counts, communeCounts.get(c) ?? emptyCounts());
    const unit: UnitParts = {
      ref: { level: 'area', code: area.id, name: area.name },
      counts,
      denominator: sumDenominators(codes.map((c) => denominators.get(c)!)),
      target: book.province(area.provinceCode),
    };
    const children = codes.map((c) => this.child(this.communeParts(c, this.catalog.commune(c)?.fullName ?? c, area.provinceCode, communeCounts, denominators, book)));
    return this.answer(unit, base, await this.projection('commune', codes, unit, today), 'commune', children);
  }

  private async communeFigures(code: string, caller: Caller, period: Period, today: string, base: Base): Promise<UnitFiguresView> {
    const commune = this.catalog.communeInScope(code, caller.scope);
    const [villages, communeClasses] = await Promise.all([
      this.villages.activeIn(commune.code),
      this.classes.at(commune.path, caller),
    ]);
    const unitCountsRead = this.reads.counts('commune', [commune.code], true);
    const [unitCounts, villageCounts, classCounts, denominators, book] = await Promise.all([
      unitCountsRead,
      this.reads.counts('village', villages.map((v) => v.code), false),
      this.reads.counts('class', communeClasses.map((c) => c.id), false),
      this.denominators.of(period.code, [commune.code], unitCountsRead),
      this.targets.book(period, { provinces: [commune.provinceCode], communes: [commune.code] }),
    ]);
    const unit = this.communeParts(commune.code, commune.fullName, commune.provinceCode, unitCounts, denominators, book);
    const children = villages.map((v) => this.child(this.registeredParts({ level: 'village', code: v.code, name: v.name }, villageCounts.get(v.code), unit.target)));
    const view = this.answer(unit, base, await this.projection('commune', [commune.code], unit, today), 'village', children);
    return { ...view, classes: this.classChildren(communeClasses, classCounts, unit.target) };
  }

  private async villageFigures(code: string, caller: Caller, period: Period, base: Base): Promise<UnitFiguresView> {
    const village = await this.units.village(code, caller.scope);
    const commune = this.catalog.commune(village.communeCode)!;
    const classes = await this.classes.under(village.path, caller);
    const [unitCounts, classCounts, book] = await Promise.all([
      this.reads.counts('village', [village.code], true),
      this.reads.counts('class', classes.map((c) => c.id), false),
      this.targets.book(period, { provinces: [commune.provinceCode], communes: [commune.code] }),
    ]);
    const target = book.commune(commune.code, commune.provinceCode);
    const unit = this.registeredParts({ level: 'village', code: village.code, name: village.name }, unitCounts.get(village.code), target);
    return this.answer(unit, base, null, 'class', this.classChildren(classes, classCounts, target));
  }

  private async classFigures(id: string, caller: Caller, period: Period, base: Base): Promise<UnitFiguresView> {
    const listing = await this.classes.one(id, caller);
    if (!listing) throw ReportingErrors.classNotFound(id);
    const commune = this.catalog.commune(listing.communeCode)!;
    const [counts, book] = await Promise.all([
      this.reads.counts('class', [id], false),
      this.targets.book(period, { provinces: [commune.provinceCode], communes: [commune.code] }),
    ]);
    const unit = this.classParts(listing, counts.get(id), book.commune(commune.code, commune.provinceCode));
    return this.answer(unit, base, null, null, []);
  }

  /** The trend of a unit made of communes over a period, and the projection at the last four weeks' pace. */
  async trend(ref: CommuneGroupRef, periodCode: string | undefined, caller: Caller): Promise<TrendView> {
    const period = await this.periods.resolve(periodCode);
    const today = vietnamToday();
    const unit = await this.resolveCommuneGroup(ref, caller);
    const [population, book] = await Promise.all([
      ref.level === 'country'
        ? this.denominators.byProvince(period.code).then((d) => mergeDenominators([...d.values()]).adults)
        : this.denominators.of(period.code, unit.communes).then((d) => sumDenominators(unit.communes.map((c) => d.get(c)!)).adults),
      this.targets.book(period, { provinces: unit.provinceCode ? [unit.provinceCode] : [], communes: ref.level === 'commune' ? unit.communes : [] }),
    ]);
    const target = ref.level === 'commune' ? book.commune(unit.communes[0], unit.provinceCode!) : unit.provinceCode ? book.province(unit.provinceCode) : book.default();
    const [level, codes] = this.seriesOf(ref, unit);
    const days = await this.reads.days(level, codes);
    const points = trendSeries(days, period, today, period.kind === 'campaign', population);
    const certified = days.reduce((n, d) => n + d.certifiedAdults, 0);
    const gained = days.filter((d) => d.day > addDays(today, -PACE_DAYS) && d.day <= today).reduce((n, d) => n + d.certifiedAdults, 0);
    const { gap } = gapTo(target.rate, population, certified);
    return {
      unit: unit.ref,
      period,
      bucket: period.kind === 'campaign' ? 'day' : 'week',
      adultPopulation: population,
      target,
      points,
      projection: projectTarget(gap, gained, today, target.dueOn),
    };
  }

  /** The communes of a province or an area ranked by rate, or by the rate gained from `from` to `to`. */
  async ranking(ref: Extract<UnitRef, { level: 'province' | 'area' }>, query: RankingQuery, caller: Caller): Promise<RankingView> {
    const period = await this.periods.resolve(query.period);
    const to = query.to ?? vietnamToday();
    const from = query.from ?? addDays(to, -(PACE_DAYS - 1));
    if (from > to) throw ReportingErrors.badRange();
    const unit = await this.resolveCommuneGroup(ref, caller);
    const provinceCode = unit.provinceCode!;
    const countsRead = this.reads.counts('commune', unit.communes, false);
    const [counts, denominators, book, gained] = await Promise.all([
      countsRead,
      this.denominators.of(period.code, unit.communes, countsRead),
      this.targets.book(period, { provinces: [provinceCode], communes: unit.communes }),
      this.reads.gained('commune', unit.communes, from, to),
    ]);
    const by = query.by ?? 'rate';
    const rows = unit.communes.map((code) => {
      const name = this.catalog.commune(code)?.fullName ?? code;
      const parts = this.communeParts(code, name, provinceCode, counts, denominators, book);
      const g = gained.get(code) ?? 0;
      return { unit: parts.ref, figures: this.figuresOf(parts), gained: g, progress: rateOf(g, parts.denominator.adults) };
    });
    const key = (r: (typeof rows)[number]) => (by === 'rate' ? r.figures.rate : r.progress) ?? -Infinity;
    rows.sort((a, b) => key(b) - key(a) || VIETNAMESE.compare(a.unit.name, b.unit.name));
    const ranked: RankedCommuneView[] = rows.map((r, i) => ({ rank: i + 1, ...r }));
    const q = query.q ? normalizeSearchText(query.q) : '';
    const items = q ? ranked.filter((r) => ` ${normalizeSearchText(r.unit.name)}`.includes(` ${q}`)) : ranked;
    return { unit: unit.ref, period: period.code, by, from, to, total: ranked.length, items };
  }

  // ---- resolution of units ----

  private resolveCountry(caller: Caller): void {
    if (caller.scope.kind !== 'all') throw ReportingErrors.countryOutsideScope();
  }

  private async resolveCommuneGroup(ref: CommuneGroupRef, caller: Caller): Promise<Resolved> {
    switch (ref.level) {
      case 'country':
        this.resolveCountry(caller);
        return { ref: COUNTRY, provinceCode: null, communes: this.catalog.findCommunes({}).map((c) => c.code) };
      case 'province': {
        const p = this.catalog.provinceInScope(ref.code, caller.scope);
        return { ref: { level: 'province', code: p.code, name: p.fullName }, provinceCode: p.code, communes: this.catalog.findCommunes({ provinceCode: p.code }).map((c) => c.code) };
      }
      case 'area': {
        const a = await this.units.areaCovered(ref.id, caller.scope);
        return { ref: { level: 'area', code: a.id, name: a.name }, provinceCode: a.provinceCode, communes: a.members.map((m) => m.communeCode) };
      }
      case 'commune': {
        const c = this.catalog.communeInScope(ref.code, caller.scope);
        return { ref: { level: 'commune', code: c.code, name: c.fullName }, provinceCode: c.provinceCode, communes: [c.code] };
      }
    }
  }

  /** Where a unit's daily series is kept: its own level, or (an area) its communes'. */
  private seriesOf(ref: CommuneGroupRef, unit: Resolved): ['country' | 'province' | 'commune', string[]] {
    if (ref.level === 'country') return ['country', ['VN']];
    if (ref.level === 'province') return ['province', [unit.provinceCode!]];
    return ['commune', unit.communes];
  }

  // ---- shaping ----

  private communeParts(
    code: string,
    name: string,
    provinceCode: string,
    counts: ReadonlyMap<string, UnitCounts>,
    denominators: ReadonlyMap<string, CommuneDenominatorFigure>,
    book: TargetBook,
  ): UnitParts {
    return {
      ref: { level: 'commune', code, name },
      counts: counts.get(code) ?? emptyCounts(),
      denominator: sumDenominators([denominators.get(code) ?? { adults: 0, source: 'registered' }]),
      target: book.commune(code, provinceCode),
    };
  }

  /** A village: no official figure exists below the commune, so its registered adults are the denominator. */
  private registeredParts(ref: UnitRefView, counts: UnitCounts | undefined, target: Target): UnitParts {
    const c = counts ?? emptyCounts();
    return { ref, counts: c, denominator: { adults: c.adults.registered, source: 'registered' }, target };
  }

  /** A class: its enrolled adults are the denominator. */
  private classParts(listing: ClassListing, counts: UnitCounts | undefined, target: Target): UnitParts {
    const c = counts ?? emptyCounts();
    return { ref: { level: 'class', code: listing.id, name: listing.name }, counts: c, denominator: { adults: c.adults.enrolled, source: 'enrolled' }, target };
  }

  private classChildren(classes: readonly ClassListing[], counts: ReadonlyMap<string, UnitCounts>, target: Target): ChildFiguresView[] {
    return classes.map((c) => this.child(this.classParts(c, counts.get(c.id), target)));
  }

  private async projection(level: 'country' | 'province' | 'commune', codes: string[], unit: UnitParts, today: string) {
    const gained = await this.reads.gained(level, codes, addDays(today, -(PACE_DAYS - 1)), today);
    const total = [...gained.values()].reduce((n, g) => n + g, 0);
    const { gap } = gapTo(unit.target.rate, unit.denominator.adults, unit.counts.adults.certified);
    return projectTarget(gap, total, today, unit.target.dueOn);
  }

  private child(parts: UnitParts): ChildFiguresView {
    return { unit: parts.ref, figures: this.figuresOf(parts) };
  }

  private figuresOf(parts: UnitParts): FiguresView {
    const { adults, minors } = parts.counts;
    const population = parts.denominator.adults;
    const { needed, gap } = gapTo(parts.target.rate, population, adults.certified);
    return {
      adultPopulation: population,
      denominatorSource: parts.denominator.source,
      ...('communes' in parts.denominator && parts.ref.level !== 'commune' ? { denominatorCommunes: parts.denominator.communes } : {}),
      registeredAllAges: adults.registered + minors.registered,
      registered: adults.registered,
      enrolled: adults.enrolled,
      attended: adults.attended,
      completed: adults.completed,
      certified: adults.certified,
      certificates: {
        recognised: adults.recognised + minors.recognised,
        pending: adults.pending + minors.pending,
        rejected: adults.rejected + minors.rejected,
        failed: adults.failed + minors.failed,
        revoked: adults.revoked + minors.revoked,
      },
      rate: rateOf(adults.certified, population),
      target: parts.target,
      targetPeople: needed,
      gap,
      gapText: gapText(gap, population),
    };
  }

  private groupsOf(parts: UnitParts): GroupFiguresView[] {
    if (parts.ref.level === 'class') return [];
    return GROUP_LABELS.map(([group, label]) => {
      const c: Counters | undefined = parts.counts.groups.get(group);
      const registered = c?.registered ?? 0;
      const certified = c?.certified ?? 0;
      const { gap } = gapTo(parts.target.rate, registered, certified);
      return {
        group,
        label,
        registered,
        enrolled: c?.enrolled ?? 0,
        attended: c?.attended ?? 0,
        completed: c?.completed ?? 0,
        certified,
        rate: rateOf(certified, registered),
        gap,
        gapText: gapText(gap, registered),
      };
    });
  }

  private answer(unit: UnitParts, base: Base, projection: UnitFiguresView['projection'], childLevel: UnitLevel | null, children: ChildFiguresView[]): UnitFiguresView {
    return { unit: unit.ref, ...base, figures: this.figuresOf(unit), groups: this.groupsOf(unit), projection, childLevel, children };
  }
}

type Base = Pick<UnitFiguresView, 'period' | 'referenceDate' | 'adultAge'>;

const COUNTRY: UnitRefView = { level: 'country', code: 'VN', name: 'Việt Nam' };

/** Names in Vietnamese order (one collator: String.localeCompare with a locale builds one per call). */
const VIETNAMESE = new Intl.Collator('vi');
