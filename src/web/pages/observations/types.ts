/** The wire shapes the pages read (the hub returns the core types as JSON). */
export type { Observation, VisibleAuthor } from '../../../core/observations/model.ts';
export type { Board, Room, TimelinePost } from '../../../core/observations/room.ts';
export interface TopicGroupView {
  id: number;
  name: string;
  memberCount: number;
  /** Enough members to be an audience. */
  active: boolean;
  joined: boolean;
}
