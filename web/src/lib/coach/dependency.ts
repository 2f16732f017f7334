/** Dependency key of the Coach page's load: invalidated when an answer ends or a question is sent. */
export const COACH_DEPENDENCY = 'app:coach';
