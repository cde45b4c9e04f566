/** Topic groups: a group is active, and can be the audience of an item, once this many organisations joined (ISAC working groups require three). */
export const GROUP_ACTIVE_MEMBERS = 3;

/** Whether a group with `memberCount` member organisations can be targeted. */
export const groupActive = (memberCount: number): boolean => memberCount >= GROUP_ACTIVE_MEMBERS;
