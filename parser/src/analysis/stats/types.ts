/** Stats in ballchasing.com's shape and field names (stats-reference Part A). */

export interface CoreStats {
  shots: number;
  shots_against: number;
  goals: number;
  goals_against: number;
  saves: number;
  assists: number;
  score: number;
  /** Player only. */
  mvp?: boolean;
  shooting_percentage: number;
}

export interface BoostStats {
  bpm: number;
  bcpm: number;
  avg_amount: number;
  amount_collected: number;
  amount_stolen: number;
  amount_collected_big: number;
  amount_stolen_big: number;
  amount_collected_small: number;
  amount_stolen_small: number;
  count_collected_big: number;
  count_stolen_big: number;
  count_collected_small: number;
  count_stolen_small: number;
  amount_overfill: number;
  amount_overfill_stolen: number;
  amount_used_while_supersonic: number;
  time_zero_boost: number;
  time_full_boost: number;
  time_boost_0_25: number;
  time_boost_25_50: number;
  time_boost_50_75: number;
  time_boost_75_100: number;
  /** Player only. */
  percent_zero_boost?: number;
  percent_full_boost?: number;
  percent_boost_0_25?: number;
  percent_boost_25_50?: number;
  percent_boost_50_75?: number;
  percent_boost_75_100?: number;
}

export interface MovementStats {
  /** Player only. */
  avg_speed?: number;
  total_distance: number;
  time_supersonic_speed: number;
  time_boost_speed: number;
  time_slow_speed: number;
  time_ground: number;
  time_low_air: number;
  time_high_air: number;
  time_powerslide: number;
  count_powerslide: number;
  /** Player only. */
  avg_powerslide_duration?: number;
  avg_speed_percentage?: number;
  percent_slow_speed?: number;
  percent_boost_speed?: number;
  percent_supersonic_speed?: number;
  percent_ground?: number;
  percent_low_air?: number;
  percent_high_air?: number;
}

export interface PositioningStats {
  /** Player only: distances, role times and every percentage. */
  avg_distance_to_ball?: number;
  avg_distance_to_ball_possession?: number;
  avg_distance_to_ball_no_possession?: number;
  avg_distance_to_mates?: number;
  time_defensive_third: number;
  time_neutral_third: number;
  time_offensive_third: number;
  time_defensive_half: number;
  time_offensive_half: number;
  time_behind_ball: number;
  time_infront_ball: number;
  time_most_back?: number;
  time_most_forward?: number;
  time_closest_to_ball?: number;
  time_farthest_from_ball?: number;
  goals_against_while_last_defender?: number;
  percent_defensive_third?: number;
  percent_offensive_third?: number;
  percent_neutral_third?: number;
  percent_defensive_half?: number;
  percent_offensive_half?: number;
  percent_behind_ball?: number;
  percent_infront_ball?: number;
  percent_most_back?: number;
  percent_most_forward?: number;
  percent_closest_to_ball?: number;
  percent_farthest_from_ball?: number;
}

export interface DemoStats {
  inflicted: number;
  taken: number;
}

export interface BallStats {
  possession_time: number;
  time_in_side: number;
}

/**
 * A block is absent when it means nothing for the replay (no frames decoded → no boost, movement,
 * positioning; arena without a pad table → pickup fields of `boost` absent).
 */
export interface PlayerStats {
  core: CoreStats;
  boost?: Partial<BoostStats>;
  movement?: MovementStats;
  positioning?: PositioningStats;
  demo?: DemoStats;
}

export interface TeamStats {
  ball?: BallStats;
  core: CoreStats;
  boost?: Partial<BoostStats>;
  movement?: MovementStats;
  positioning?: PositioningStats;
  demo?: DemoStats;
}
