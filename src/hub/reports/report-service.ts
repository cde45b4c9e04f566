/**
 * The report builder: drafts composed from the real data of a period (every figure protected by
 * core/disclosure through core/reports), reviewed by a hub admin section by section, published as
 * immutable versions with citable figures; corrections are new versions that say what changed.
 * Only hub admins write; the store's read rule decides who reads (anonymous: published CLEAR only).
 */
import { paramsFor, type DisclosureParams } from '../../core/disclosure/params.ts';
import { RenkeiError } from '../../core/errors.ts';
import { isCitationId } from '../../core/reports/citation.ts';
import { composeReport } from '../../core/reports/compose.ts';
import type { ReportAudience, ReportContent, ReportLang, SectionInput } from '../../core/reports/model.ts';
import { earlierPeriods, periodShort, resolvePeriod, type ReportPeriod } from '../../core/reports/period.ts';
import type { ReportSectionSource } from '../../core/reports/section-source.ts';
import { formatCount } from '../../core/reports/sentences.ts';
import type { EditSectionBody } from '../../contracts/reports/reports-api.ts';
import type { ReportStore, ReportViewer } from '../../storage/reports/port.ts';
import { describeChanges } from './report-diff.ts';
import { reportView, summaryWire, viewerOf, type ReportActor, type ReportView } from './report-view.ts';
import type { ReportsConfig } from './reports-config.ts';

/** Earlier periods compared with: the median of three gives the baseline sentences, the first the change. */
const HISTORY = 3;

export interface ReportServiceDeps {
  store: ReportStore;
  sources: ReportSectionSource[];
  config: ReportsConfig;
  /** The hub's k over members (`stats.minMembers`), kept by members-only reports. */
  hubMinMembers: number;
  seedFor: (periodCode: string) => Uint8Array;
  audit: (e: { actorUserId: number | null; actorOrg: string | null; action: string; count: number | null; detail: string | null }) => Promise<void>;
  now: () => number;
}

export interface DraftRequest {
  period: ReportPeriod;
  lang: ReportLang;
  audience: ReportAudience;
}

/** Published CLEAR figures may be quoted by anyone; the k of an audience. */
export function minMembersFor(audience: ReportAudience, hubMinMembers: number, publicMinMembers: number): number {
  return audience === 'public' ? Math.max(publicMinMembers, hubMinMembers) : Math.max(2, hubMinMembers);
}

export type ReportService = ReturnType<typeof createReportService>;

/** Builds the report service over its store and section sources. */
export function createReportService(d: ReportServiceDeps) {
  const paramsOf = (audience: ReportAudience): DisclosureParams => paramsFor(audience, minMembersFor(audience, d.hubMinMembers, d.config.publicMinMembers));

  const admin = (actor: ReportActor): NonNullable<ReportActor> => {
    if (!actor) throw new RenkeiError('unauthenticated', 'sign in or send an API key');
    if (actor.role !== 'hub-admin') throw new RenkeiError('forbidden', 'reports are built and published by hub admins');
    return actor;
  };
  const audit = (actor: NonNullable<ReportActor>, action: string, id: number, count: number | null = null) =>
    d.audit({ actorUserId: actor.userId, actorOrg: actor.orgName, action, count, detail: `report ${id}` });

  /** A row the viewer may read; anonymous callers asking for a members-only one are told to sign in. */
  const readable = async (actor: ReportActor, id: number) => {
    const viewer = viewerOf(actor);
    const row = await d.store.get(id, viewer);
    if (row) return row;
    if (viewer === 'public' && (await d.store.get(id, 'member'))) throw new RenkeiError('unauthenticated', 'this report is for members only (TLP:GREEN); sign in');
    throw new RenkeiError('not_found', `no report ${id}`);
  };

  /** Composes the protected content of a period from the sources (nothing stored). */
  const compose = async (r: DraftRequest): Promise<ReportContent> => {
    const period = resolvePeriod(r.period);
    // Only finished periods: figures recomputed after late data under the same period seed would let a
    // member who varies its own contribution probe the rounding boundaries.
    if (period.to * 1000 > d.now()) throw new RenkeiError('validation_failed', `period ${period.code} has not ended yet`, { field: 'period' });
    const history = earlierPeriods(period, HISTORY);
    const built = await Promise.all(d.sources.map((s) => s.build({ period, history, audience: r.audience })));
    const inputs = built.filter((s): s is SectionInput => s !== null);
    const content = composeReport(inputs, {
      issuer: d.config.issuer,
      lang: r.lang,
      audience: r.audience,
      period,
      history,
      seedFor: d.seedFor,
      params: paramsOf(r.audience),
      licence: d.config.licence,
      generatedAt: new Date(d.now()).toISOString(),
    });
    headline(content);
    searchShare(content);
    return content;
  };

  return {
    compose,

    async list(actor: ReportActor) {
      return (await d.store.list(viewerOf(actor), 200)).map(summaryWire);
    },

    async get(actor: ReportActor, id: number): Promise<ReportView> {
      return reportView(await readable(actor, id));
    },

    async versions(actor: ReportActor, id: number) {
      const row = await readable(actor, id);
      return (await d.store.versions(row.series, viewerOf(actor))).map(summaryWire);
    },

    async createDraft(actor: ReportActor, r: DraftRequest): Promise<ReportView> {
      const who = admin(actor);
      const content = await compose(r);
      const row = await d.store.createDraft({ supersedes: null, lang: r.lang, audience: r.audience, periodKind: content.period.kind, periodStart: content.period.start, periodCode: content.period.code, title: content.title, contentJson: JSON.stringify(content), createdBy: who.userId, createdAt: d.now() });
      await audit(who, 'report-draft-created', row.id, content.sections.length);
      return reportView(row);
    },

    async editSection(actor: ReportActor, id: number, sectionId: string, edit: EditSectionBody): Promise<ReportView> {
      const who = admin(actor);
      const row = await d.store.get(id, 'admin');
      if (!row) throw new RenkeiError('not_found', `no report ${id}`);
      if (row.state !== 'draft') throw new RenkeiError('conflict', 'published versions are immutable; create a correction');
      const content = JSON.parse(row.contentJson) as ReportContent;
      const s = content.sections.find((x) => x.id === sectionId);
      if (!s) throw new RenkeiError('not_found', `report ${id} has no section ${sectionId}`);
      if (edit.title !== undefined) s.title = edit.title;
      if (edit.paragraphs !== undefined) s.paragraphs = edit.paragraphs;
      if (edit.removed !== undefined) s.removed = edit.removed;
      s.edited = true;
      if (!(await d.store.updateDraft(id, content.title, JSON.stringify(content)))) throw new RenkeiError('conflict', 'the draft was published meanwhile');
      await audit(who, 'report-section-edited', id);
      return reportView((await d.store.get(id, 'admin'))!);
    },

    async publish(actor: ReportActor, id: number, changeNote: string | undefined): Promise<ReportView> {
      const who = admin(actor);
      const row = await d.store.get(id, 'admin');
      if (!row) throw new RenkeiError('not_found', `no report ${id}`);
      if (row.state !== 'draft') throw new RenkeiError('conflict', `report ${id} is already published (version ${row.version})`);
      const content = JSON.parse(row.contentJson) as ReportContent;
      let note: string | null = changeNote ?? null;
      if (row.supersedes !== null) {
        if (!changeNote) throw new RenkeiError('validation_failed', 'a correction must say what changed (changeNote)', { field: 'changeNote' });
        const before = await d.store.get(row.supersedes, 'admin');
        const lines = before ? describeChanges(JSON.parse(before.contentJson) as ReportContent, content) : [];
        note = lines.length > 0 ? `${changeNote}\n${lines.join('\n')}` : changeNote;
      }
      const citations = citationsOf(content, id);
      const published = await d.store.publish(id, { by: who.userId, at: d.now(), changeNote: note, citations });
      if (!published) throw new RenkeiError('conflict', `report ${id} was published meanwhile`);
      await audit(who, 'report-published', id, citations.length);
      return reportView(published);
    },

    /** A correction: a new draft superseding a published version (its content, or rebuilt from today's data). */
    async correct(actor: ReportActor, id: number, rebuild: boolean): Promise<ReportView> {
      const who = admin(actor);
      const row = await d.store.get(id, 'admin');
      if (!row) throw new RenkeiError('not_found', `no report ${id}`);
      if (row.state !== 'published') throw new RenkeiError('conflict', 'only a published version can be corrected; edit the draft');
      const old = JSON.parse(row.contentJson) as ReportContent;
      const content = rebuild ? await compose({ period: { kind: row.periodKind, start: row.periodStart }, lang: row.lang, audience: row.audience }) : old;
      const draft = await d.store.createDraft({ supersedes: id, lang: row.lang, audience: row.audience, periodKind: row.periodKind, periodStart: row.periodStart, periodCode: row.periodCode, title: content.title, contentJson: JSON.stringify(content), createdBy: who.userId, createdAt: d.now() });
      await audit(who, 'report-correction-created', draft.id);
      return reportView(draft);
    },

    /** The newest published table or figure under a citation id (the permalink behind every chart). */
    async citation(actor: ReportActor, citationId: string): Promise<{ reportId: number; version: number; data: CitedTable | CitedFigure }> {
      if (!isCitationId(citationId)) throw new RenkeiError('validation_failed', `not a citation id: ${citationId}`);
      const viewer: ReportViewer = viewerOf(actor);
      const c = await d.store.resolveCitation(citationId, viewer);
      if (!c) {
        if (viewer === 'public' && (await d.store.resolveCitation(citationId, 'member'))) throw new RenkeiError('unauthenticated', 'this figure is for members only (TLP:GREEN); sign in');
        throw new RenkeiError('not_found', `no published figure ${citationId}`);
      }
      return { reportId: c.reportId, version: c.version, data: JSON.parse(c.json) as CitedTable | CitedFigure };
    },

    /**
     * The protected figures of a period as a report would publish them (hub admins only: recomputing a
     * period after late data arrives gives a different figure under the same noise).
     */
    async figures(actor: ReportActor, r: DraftRequest): Promise<ReportContent> {
      admin(actor);
      return compose(r);
    },
  };
}

/** A table as cited: the table with its methodology and the report it was published in. */
export interface CitedTable {
  kind: 'table';
  report: { id: number; title: string; tlp: string };
  table: ReportContent['sections'][number]['tables'][number];
}
/** One figure as cited. */
export interface CitedFigure {
  kind: 'figure';
  report: { id: number; title: string; tlp: string };
  table: { citationId: string; title: string; unit: string };
  figure: ReportContent['sections'][number]['tables'][number]['rows'][number];
  methodology: ReportContent['sections'][number]['tables'][number]['methodology'];
}

function citationsOf(content: ReportContent, id: number): Array<{ citationId: string; json: string }> {
  const report = { id, title: content.title, tlp: content.tlp };
  const out: Array<{ citationId: string; json: string }> = [];
  for (const s of content.sections) {
    if (s.removed) continue;
    for (const t of s.tables) {
      out.push({ citationId: t.citationId, json: JSON.stringify({ kind: 'table', report, table: t } satisfies CitedTable) });
      for (const f of [...t.rows, ...(t.total ? [t.total] : [])]) {
        out.push({ citationId: f.citationId, json: JSON.stringify({ kind: 'figure', report, table: { citationId: t.citationId, title: t.title, unit: t.unit }, figure: f, methodology: t.methodology } satisfies CitedFigure) });
      }
    }
  }
  return out;
}

/** Opens the situation with the period's published total and its largest row (published figures only). */
function headline(c: ReportContent): void {
  const situation = c.sections.find((x) => x.kind === 'situation');
  if (!situation) return;
  const t = c.sections.find((x) => x.kind === 'statistics')?.tables.find((x) => x.id === 'top-ports');
  const period = periodShort(c.period, c.lang);
  let sentence = c.lang === 'ja' ? `${period}の概況です。` : `The situation in ${period}.`;
  if (t?.total?.status === 'published') {
    const top = t.rows.find((r) => r.status === 'published' && !r.citationId.endsWith('/other'));
    const m = t.methodology;
    const basis = c.lang === 'ja' ? `会員${m.members}社${m.sensors === null ? '' : `・センサー${m.sensors}台`}` : `${m.members} members${m.sensors === null ? '' : ` and ${m.sensors} sensors`}`;
    sentence =
      c.lang === 'ja'
        ? `${period}に${basis}が観測したイベントは${formatCount(t.total.value!)}件で${top ? `、最も多い宛先は${top.label}（${formatCount(top.value!)}件）でした` : 'した'}。`
        : `In ${period}, ${basis} observed ${formatCount(t.total.value!)} events${top ? `; the most targeted destination was ${top.label} (${formatCount(top.value!)})` : ''}.`;
  }
  situation.paragraphs = [sentence, ...situation.paragraphs];
}

/** Adds the share of searched values that hit a member, computed from the two published figures only. */
function searchShare(c: ReportContent): void {
  const s = c.sections.find((x) => x.kind === 'search_activity');
  const t = s?.tables[0];
  if (!s || !t) return;
  const values = t.rows.find((r) => r.citationId.endsWith('/values'));
  const hits = t.rows.find((r) => r.citationId.endsWith('/hit-values'));
  if (values?.status !== 'published' || hits?.status !== 'published' || !values.value) return;
  const pct = Math.round((hits.value! / values.value) * 1000) / 10;
  s.paragraphs.push(c.lang === 'ja' ? `検索された値（公表値${formatCount(values.value)}件）のうち、1会員以上でヒットした値は約${pct}%でした。` : `About ${pct}% of the values searched (published figure: ${formatCount(values.value)}) hit at least one member.`);
}
