import {
  type CallableParsedInput,
  type ModerationQueueItem,
  type listModerationQueue as listModerationQueueContract,
} from '@mlebotics/shared';
import type { QueryDocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type { CallContext } from '../lib/callable.js';
import { cols, docs, groups, readAll, type Stored } from '../lib/documents.js';
import { requireAdmin } from './audit.js';

/** Reviews listed at most (the most recently changed first). */
export const MODERATION_QUEUE_LIMIT = 100;

/** The plugin id of a review state (`plugins/{pluginId}/reviewState/{uid}`). */
const pluginIdOf = (snap: { ref: { parent: { parent: { id: string } | null } } }) => snap.ref.parent.parent!.id;

/**
 * The reviews an administrator may need to act on: every flagged review (still published or
 * hidden by its flags) and every hidden or removed one, with the flagging organizations' reasons
 * and the plugin's name. Review states are server-only: this callable is the one way to read them.
 */
export async function listModerationQueue(
  _input: CallableParsedInput<typeof listModerationQueueContract>,
  context: CallContext,
): Promise<{ items: ModerationQueueItem[]; truncated: boolean }> {
  requireAdmin(context, 'can read the moderation queue');
  const group = groups.reviewStates();
  const [flagged, hidden] = await Promise.all([
    group.where('flagCount', '>', 0).limit(MODERATION_QUEUE_LIMIT).get(),
    group.where('status', 'in', ['hidden', 'removed']).limit(MODERATION_QUEUE_LIMIT).get(),
  ]);
  const byPath = new Map<string, QueryDocumentSnapshot<Stored<'reviewState'>, Stored<'reviewState'>>>();
  for (const snap of [...flagged.docs, ...hidden.docs]) byPath.set(snap.ref.path, snap);
  const states = [...byPath.values()]
    .filter((s) => s.data().status !== 'deleted')
    .sort((a, b) => millis(b.data().updatedAt) - millis(a.data().updatedAt));
  const truncated =
    states.length > MODERATION_QUEUE_LIMIT ||
    flagged.size === MODERATION_QUEUE_LIMIT ||
    hidden.size === MODERATION_QUEUE_LIMIT;
  const shown = states.slice(0, MODERATION_QUEUE_LIMIT);
  const pluginIds = [...new Set(shown.map(pluginIdOf))];
  const listings = await readAll(pluginIds.map((id) => docs.plugin(id)));
  const names = new Map(pluginIds.map((id, i) => [id, listings[i]?.data()?.name ?? id]));
  const items = await Promise.all(
    shown.map(async (snap): Promise<ModerationQueueItem> => {
      const state = snap.data();
      const pluginId = pluginIdOf(snap);
      const flags = state.flagCount > 0 ? await cols.reviewReactions(pluginId, state.reviewId, 'flags').get() : null;
      return {
        pluginId,
        pluginName: names.get(pluginId) ?? pluginId,
        reviewId: state.reviewId,
        title: state.title,
        body: state.body,
        rating: state.rating,
        authorName: state.authorName,
        status: state.status,
        flagCount: state.flagCount,
        reasons: (flags?.docs ?? []).map((f) => f.data().reason ?? '').filter((r) => r.trim() !== ''),
        updatedAt: new Date(millis(state.updatedAt)).toISOString(),
      };
    }),
  );
  return { items, truncated };
}

const millis = (t: unknown) => (t as Timestamp | null)?.toMillis?.() ?? 0;
