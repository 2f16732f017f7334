/**
 * Every analysis threshold in one place (stats-reference.md §A.2, Part B). Units: uu, uu/s, s,
 * boost on the 0–100 scale unless a name says raw.
 */

/** Max car speed; `avg_speed_percentage` = avg_speed / this × 100. */
export const MAX_CAR_SPEED = 2300;
/** Supersonic from this speed (uu/s). */
export const SUPERSONIC_SPEED = 2200;
/** Boost-speed band lower bound (uu/s); below it is "slow". */
export const BOOST_SPEED = 1410;

/** A car at or below this height is on the ground (a car at rest is at z ≈ 17). */
export const GROUND_Z = 20;
/**
 * High air from this height. subtr-actor's 735.5 (crossbar + ball radius) misses ballchasing by
 * several seconds per player; 840 matches 46 of 48 with-stats height-band times within 1 s.
 */
export const HIGH_AIR_Z = 840;
/**
 * Powerslide counts only while the car is this low (handbrake in the air is not a slide).
 * subtr-actor uses 40; 25 matches all 22 with-stats powerslide times within 1 s.
 */
export const POWERSLIDE_MAX_Z = 25;
/**
 * A handbrake press counts as a powerslide when the car is this low in the frame before the press,
 * in any frame while it is held, or in the frame that replicates its release. The frame before
 * matters because a press made as the car jumps is replicated with the car already airborne, the
 * release frame because a press held through a landing is let go as the car touches down;
 * ballchasing counts both. With the time threshold (25, press at or below it) 3 of 16 with-stats
 * players matched `count_powerslide` exactly, with Jtabor26 −20 and Rw9 −21; with the frame before
 * 8 of 16 (every player within −2..0); adding the release frame 14 of 16 (both misses −1).
 */
export const POWERSLIDE_COUNT_MAX_Z = 20;

/**
 * A car whose rigid body has not been replicated for longer than this (seconds of replay time) in
 * live play is "silent" for the role ranking: credited most back and farthest like a demolished
 * car, and left out of its teammates' ranking. Only two such stretches exist in the with-stats
 * replays, both in doubles: Darko_oklm idle at a kickoff (2.5 s) and Jtabor26 after his last
 * update (forfeit, 3.7 s); each time his partner was short by about that much on most back and
 * farthest (Baptiste2702382 −9.1 / −8.4 → −6.5 / −5.9, Quantavious1234 −4.5 / −6.7 → −0.8 / −3.0).
 * Role fields 78 → 82 of 128 for any threshold from 1.2 to 1.6 s, 80 from 1.8 to 3 s, 79 at 1 s.
 */
export const SILENT_CAR_S = 1.5;

/**
 * A car whose last replicated speed is below this (uu/s) in live play is "stopped": besides its
 * normal place in the role ranking it is credited most back and farthest from the ball, like an
 * absent car (stats/accumulate.ts `isStoppedCar`). 45 stops of 12 of the 16 with-stats players
 * (a car parked in its goal, waiting for a bounce, the forfeit tail before it goes silent), 11 s in
 * all, 0.45 s in RLCS; our back / farthest times were short by about that much on the players
 * concerned (Darko_oklm −2.5 / −3.1 s → −0.2 / −0.8, hawkrn back −1.3 → −0.4, Alfa 155 Q4 DTM
 * farthest −1.7 → 0.0, Quantavious1234 back −0.8 → 0.0). Role fields 86 → 91 of
 * 128 (thresholds 5 / 7.5 / 10 / 15 / 20 uu/s: 90 / 91 / 91 / 91 / 91, 2: 88, 40: 87). The same
 * credit given to any other 11 s speed band from 300 to 2100 uu/s (e.g. 500–515) scores 79–83.
 */
export const STOPPED_CAR_SPEED = 10;

/** Thirds boundary on the team-normalised y axis: the 10240 uu pitch split in three. */
export const THIRD_BOUNDARY_Y = 5120 / 3;
/** Team-normalised pad y above this is in the opponent's half: a pickup there is "stolen". */
export const STOLEN_PAD_MIN_Y = 128;

/** Boost quantities, 0–100 scale. Raw replay values are 0–255. */
export const RAW_BOOST_MAX = 255;
export const BIG_PAD_BOOST = 100;
export const SMALL_PAD_BOOST = 12;
/**
 * A small pad as replicated: 31 raw (12.16 %), the rise a small pad shows from an empty tank.
 * ballchasing's overfill uses this value: with 12 its overfill sits 0.2–1.5 above ours on 13 of
 * 16 players, with 31 raw every player's overfill truncates to ballchasing's.
 */
export const SMALL_PAD_RAW = 31;
/** Raw amount thresholds for "empty" and "full" tanks. */
export const RAW_ZERO_BOOST_BELOW = 1;
/**
 * Full means exactly 255: ballchasing does not count 254 (99.6) as full. With 254 three
 * with-stats players who sit at 254 are over by 0.9–4.7 s (time_full_boost 14/16); with 255 all
 * 16 are within 0.03 s.
 */
export const RAW_FULL_BOOST_FROM = 255;
/** Pad respawn times (s); a repeat pickup of the same pad sooner than this minus a margin is ignored. */
export const BIG_PAD_RESPAWN_S = 10;
export const SMALL_PAD_RESPAWN_S = 4;
export const PAD_RESPAWN_MARGIN_S = 0.15;
/** Max distance from the collecting car to the pad it is snapped to (uu). */
export const BIG_PAD_SNAP_UU = 1000;
export const SMALL_PAD_SNAP_UU = 450;

/** Touches by the same player closer together than this are one touch. */
export const TOUCH_DEBOUNCE_S = 0.1;

/** A replay is unusable below this player-frame coverage. */
export const MIN_USABLE_COVERAGE = 0.5;

/** Field geometry (soccar). */
export const FIELD_HALF_LENGTH_Y = 5120;

/** Boost drain while boosting: 33.3 per second on the 0–100 scale, in raw units (0–255) per second. */
export const BOOST_DRAIN_RAW_PER_S = (100 / 3) * (RAW_BOOST_MAX / 100);

/** Touch detection: the ball's velocity changes by more than this (uu/s) in one frame... */
export const TOUCH_MIN_DELTA_V = 150;
/** ...with a car centre within this distance of the ball centre (car hitbox half-length + ball radius + slack). */
export const TOUCH_MAX_CAR_DISTANCE = 300;
/** Kickoff outcome: the team touching last this long after the first touch has first possession. */
export const KICKOFF_OUTCOME_DELAY_S = 2;

/** Pass: consecutive touches by two teammates at most this far apart in time... */
export const PASS_MAX_GAP_S = 2;
/** ...with the receiver's touch at least this much further toward the opponent goal (stats-reference §B.3). */
export const PASS_MIN_PROGRESS_UU = 200;
/** Challenge (50/50): consecutive touches by opponents within this time... */
export const CHALLENGE_MAX_GAP_S = 1.2;
/** ...and at most this far apart (uu). */
export const CHALLENGE_MAX_DISTANCE_UU = 1000;

/** Heatmap grid over the full pitch (x × y cells, stats-reference §B.8). */
export const HEATMAP_CELLS_X = 24;
export const HEATMAP_CELLS_Y = 16;
export const FIELD_HALF_WIDTH_X = 4096;
/** Double commit: two teammates this close to the ball at once (§B.5). */
export const DOUBLE_COMMIT_UU = 500;
/** Insight thresholds (§B.10). */
export const INSIGHT_BALLCHASE_FIRST_MAN_PCT = 60;
export const INSIGHT_PASSIVE_THIRD_MAN_PCT = 25;
export const INSIGHT_STARVATION_ZERO_BOOST_S = 60;
export const INSIGHT_STOLEN_BIG_PADS = 3;
export const INSIGHT_LOW_SHOOTING_PCT = 20;
export const INSIGHT_LOW_SHOOTING_MIN_SHOTS = 5;
