// The report's JSON Schema as a module (report.schema.json is the published copy; a test keeps them equal).
// Generated from report.schema.json; edit both together.
import type { SchemaNode } from './schema-validate.js';

export const REPORT_SCHEMA: SchemaNode & Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://rlcoach.local/schemas/analysis-report.v1.json',
  title: 'rlcoach analysis report',
  description:
    "One replay's match facts, quality scorecard, per-player and per-team stats in ballchasing.com's field names (stats-reference.md Part A), and events. Units: uu, uu/s, s, boost 0-100.",
  type: 'object',
  properties: {
    report_version: {
      const: 1,
    },
    report_minor_version: {
      type: 'integer',
      description:
        'Additive changes within report_version. 1: timestamped mechanics, shots, saves, per-goal assisters and xG (absent from 1.0 reports).',
    },
    match: {
      type: 'object',
      properties: {
        replay_id: {
          type: ['string', 'null'],
        },
        match_guid: {
          type: ['string', 'null'],
        },
        title: {
          type: ['string', 'null'],
        },
        map_code: {
          type: ['string', 'null'],
        },
        match_type: {
          type: ['string', 'null'],
        },
        team_size: {
          type: ['number', 'null'],
        },
        playlist_id: {
          type: ['number', 'null'],
        },
        started_at: {
          type: ['string', 'null'],
        },
        local_date: {
          type: ['string', 'null'],
        },
        duration: {
          type: 'number',
        },
        live_seconds: {
          type: 'number',
        },
        overtime: {
          type: 'boolean',
        },
        forfeit: {
          type: 'boolean',
        },
        game_type: {
          type: 'string',
        },
        version: {
          type: 'string',
        },
      },
      required: [
        'replay_id',
        'match_guid',
        'title',
        'map_code',
        'match_type',
        'team_size',
        'playlist_id',
        'started_at',
        'local_date',
        'duration',
        'live_seconds',
        'overtime',
        'forfeit',
        'game_type',
        'version',
      ],
      additionalProperties: false,
    },
    quality: {
      type: 'object',
      properties: {
        player_frame_coverage: {
          type: 'number',
        },
        players_with_identity: {
          type: 'number',
        },
        player_count: {
          type: 'number',
        },
        network_decoded: {
          type: 'boolean',
        },
        boost_pads: {
          type: 'string',
          enum: ['supported', 'unsupported'],
        },
        verdict: {
          type: 'string',
          enum: ['good', 'degraded', 'unusable'],
        },
        notes: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
      },
      required: [
        'player_frame_coverage',
        'players_with_identity',
        'player_count',
        'network_decoded',
        'boost_pads',
        'verdict',
        'notes',
      ],
      additionalProperties: false,
    },
    players: {
      type: 'array',
      items: {
        $ref: '#/$defs/player',
      },
    },
    teams: {
      type: 'object',
      properties: {
        blue: {
          $ref: '#/$defs/team',
        },
        orange: {
          $ref: '#/$defs/team',
        },
      },
      required: ['blue', 'orange'],
      additionalProperties: false,
    },
    events: {
      type: 'object',
      required: ['goals', 'demos', 'touches', 'kickoffs', 'possession_changes', 'passes', 'challenges'],
      additionalProperties: false,
      properties: {
        goals: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              frame: {
                type: 'number',
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
              scorer: {
                type: ['string', 'null'],
              },
              assister: {
                type: ['string', 'null'],
                description: "The scorer's teammate credited with the assist (report_minor_version ≥ 1).",
              },
            },
            required: ['time', 'frame', 'team', 'scorer'],
            additionalProperties: false,
          },
        },
        demos: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              frame: {
                type: 'number',
              },
              attacker: {
                type: ['string', 'null'],
              },
              victim: {
                type: ['string', 'null'],
              },
            },
            required: ['time', 'frame', 'attacker', 'victim'],
            additionalProperties: false,
          },
        },
        touches: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              player: {
                type: ['string', 'null'],
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
              x: {
                type: 'number',
              },
              y: {
                type: 'number',
              },
              z: {
                type: 'number',
              },
              ball_speed: {
                type: 'number',
              },
            },
            required: ['time', 'player', 'team', 'x', 'y', 'z', 'ball_speed'],
            additionalProperties: false,
          },
        },
        kickoffs: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              spawns: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    player: {
                      type: 'string',
                    },
                    x: {
                      type: 'number',
                    },
                    y: {
                      type: 'number',
                    },
                  },
                  required: ['player', 'x', 'y'],
                  additionalProperties: false,
                },
              },
              first_touch: {
                type: ['object', 'null'],
                properties: {
                  time: {
                    type: 'number',
                  },
                  player: {
                    type: ['string', 'null'],
                  },
                  team: {
                    type: 'string',
                    enum: ['blue', 'orange'],
                  },
                },
                required: ['time', 'player', 'team'],
                additionalProperties: false,
              },
              first_possession: {
                type: ['string', 'null'],
                enum: ['blue', 'orange', null],
              },
            },
            required: ['time', 'spawns', 'first_touch', 'first_possession'],
            additionalProperties: false,
          },
        },
        possession_changes: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
            },
            required: ['time', 'team'],
            additionalProperties: false,
          },
        },
        passes: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              from: {
                type: ['string', 'null'],
              },
              to: {
                type: ['string', 'null'],
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
              progress: {
                type: 'number',
              },
              completed: {
                type: 'boolean',
              },
            },
            required: ['time', 'from', 'to', 'team', 'progress', 'completed'],
            additionalProperties: false,
          },
        },
        challenges: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              first: {
                type: ['string', 'null'],
              },
              second: {
                type: ['string', 'null'],
              },
              winner: {
                type: ['string', 'null'],
                enum: ['blue', 'orange', null],
              },
            },
            required: ['time', 'first', 'second', 'winner'],
            additionalProperties: false,
          },
        },
        shots: {
          type: 'array',
          description:
            "Shots timed by the game's shot counter (PRI_TA:MatchShots), tied to the shooter's latest touch; xg is a model (see xg_model).",
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              frame: {
                type: 'integer',
              },
              player: {
                type: ['string', 'null'],
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
              touch_time: {
                type: ['number', 'null'],
              },
              x: {
                type: ['number', 'null'],
              },
              y: {
                type: ['number', 'null'],
              },
              z: {
                type: ['number', 'null'],
              },
              ball_speed: {
                type: ['number', 'null'],
              },
              xg: {
                type: ['number', 'null'],
              },
              distance: {
                type: ['number', 'null'],
              },
              angle: {
                type: ['number', 'null'],
              },
              scored: {
                type: 'boolean',
              },
            },
            required: [
              'time',
              'frame',
              'player',
              'team',
              'touch_time',
              'x',
              'y',
              'z',
              'ball_speed',
              'xg',
              'distance',
              'angle',
              'scored',
            ],
            additionalProperties: false,
          },
        },
        saves: {
          type: 'array',
          description:
            "Saves timed by the game's save counter (PRI_TA:MatchSaves), tied to the saver's latest touch.",
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              frame: {
                type: 'integer',
              },
              player: {
                type: ['string', 'null'],
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
              touch_time: {
                type: ['number', 'null'],
              },
              x: {
                type: ['number', 'null'],
              },
              y: {
                type: ['number', 'null'],
              },
              z: {
                type: ['number', 'null'],
              },
            },
            required: ['time', 'frame', 'player', 'team', 'touch_time', 'x', 'y', 'z'],
            additionalProperties: false,
          },
        },
        mechanics: {
          type: 'array',
          description:
            'Detected mechanics per player, sorted by time (thresholds: parser/src/analysis/mechanics/thresholds.ts).',
          items: {
            type: 'object',
            properties: {
              time: {
                type: 'number',
              },
              frame: {
                type: 'integer',
              },
              player: {
                type: ['string', 'null'],
              },
              team: {
                type: 'string',
                enum: ['blue', 'orange'],
              },
              kind: {
                type: 'string',
                enum: [
                  'jump',
                  'double_jump',
                  'flip',
                  'half_flip',
                  'speed_flip',
                  'wavedash',
                  'aerial',
                  'air_dribble',
                  'ceiling_shot',
                  'flip_reset',
                  'double_tap',
                  'flick',
                ],
              },
              direction: {
                type: 'string',
                enum: ['forward', 'back', 'side', 'diagonal', 'unknown'],
              },
              height: {
                type: 'number',
              },
              touches: {
                type: 'integer',
              },
              success: {
                type: 'boolean',
              },
            },
            required: ['time', 'frame', 'player', 'team', 'kind'],
            additionalProperties: false,
          },
        },
        xg_model: {
          type: 'string',
          description: 'How the xG figures are computed (a model, not a measurement).',
        },
      },
    },
    insights: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          player: {
            type: 'string',
          },
          severity: {
            type: 'string',
            enum: ['praise', 'info', 'warning'],
          },
          code: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          evidence: {
            type: 'object',
          },
        },
        required: ['player', 'severity', 'code', 'message', 'evidence'],
        additionalProperties: false,
      },
    },
  },
  required: ['report_version', 'match', 'quality', 'players', 'teams', 'events', 'insights'],
  additionalProperties: false,
  $defs: {
    playerCore: {
      type: 'object',
      properties: {
        shots: {
          type: 'number',
        },
        shots_against: {
          type: 'number',
        },
        goals: {
          type: 'number',
        },
        goals_against: {
          type: 'number',
        },
        saves: {
          type: 'number',
        },
        assists: {
          type: 'number',
        },
        score: {
          type: 'number',
        },
        shooting_percentage: {
          type: 'number',
        },
        mvp: {
          type: 'boolean',
        },
      },
      required: [
        'shots',
        'shots_against',
        'goals',
        'goals_against',
        'saves',
        'assists',
        'score',
        'shooting_percentage',
        'mvp',
      ],
      additionalProperties: false,
    },
    teamCore: {
      type: 'object',
      properties: {
        shots: {
          type: 'number',
        },
        shots_against: {
          type: 'number',
        },
        goals: {
          type: 'number',
        },
        goals_against: {
          type: 'number',
        },
        saves: {
          type: 'number',
        },
        assists: {
          type: 'number',
        },
        score: {
          type: 'number',
        },
        shooting_percentage: {
          type: 'number',
        },
      },
      required: [
        'shots',
        'shots_against',
        'goals',
        'goals_against',
        'saves',
        'assists',
        'score',
        'shooting_percentage',
      ],
      additionalProperties: false,
    },
    playerBoost: {
      type: 'object',
      properties: {
        bpm: {
          type: 'number',
        },
        bcpm: {
          type: 'number',
        },
        avg_amount: {
          type: 'number',
        },
        amount_collected: {
          type: 'number',
        },
        amount_stolen: {
          type: 'number',
        },
        amount_collected_big: {
          type: 'number',
        },
        amount_stolen_big: {
          type: 'number',
        },
        amount_collected_small: {
          type: 'number',
        },
        amount_stolen_small: {
          type: 'number',
        },
        count_collected_big: {
          type: 'number',
        },
        count_stolen_big: {
          type: 'number',
        },
        count_collected_small: {
          type: 'number',
        },
        count_stolen_small: {
          type: 'number',
        },
        amount_overfill: {
          type: 'number',
        },
        amount_overfill_stolen: {
          type: 'number',
        },
        amount_used_while_supersonic: {
          type: 'number',
        },
        time_zero_boost: {
          type: 'number',
        },
        time_full_boost: {
          type: 'number',
        },
        time_boost_0_25: {
          type: 'number',
        },
        time_boost_25_50: {
          type: 'number',
        },
        time_boost_50_75: {
          type: 'number',
        },
        time_boost_75_100: {
          type: 'number',
        },
        percent_zero_boost: {
          type: 'number',
        },
        percent_full_boost: {
          type: 'number',
        },
        percent_boost_0_25: {
          type: 'number',
        },
        percent_boost_25_50: {
          type: 'number',
        },
        percent_boost_50_75: {
          type: 'number',
        },
        percent_boost_75_100: {
          type: 'number',
        },
      },
      required: ['avg_amount', 'time_zero_boost', 'time_full_boost'],
      additionalProperties: false,
    },
    teamBoost: {
      type: 'object',
      properties: {
        bpm: {
          type: 'number',
        },
        bcpm: {
          type: 'number',
        },
        avg_amount: {
          type: 'number',
        },
        amount_collected: {
          type: 'number',
        },
        amount_stolen: {
          type: 'number',
        },
        amount_collected_big: {
          type: 'number',
        },
        amount_stolen_big: {
          type: 'number',
        },
        amount_collected_small: {
          type: 'number',
        },
        amount_stolen_small: {
          type: 'number',
        },
        count_collected_big: {
          type: 'number',
        },
        count_stolen_big: {
          type: 'number',
        },
        count_collected_small: {
          type: 'number',
        },
        count_stolen_small: {
          type: 'number',
        },
        amount_overfill: {
          type: 'number',
        },
        amount_overfill_stolen: {
          type: 'number',
        },
        amount_used_while_supersonic: {
          type: 'number',
        },
        time_zero_boost: {
          type: 'number',
        },
        time_full_boost: {
          type: 'number',
        },
        time_boost_0_25: {
          type: 'number',
        },
        time_boost_25_50: {
          type: 'number',
        },
        time_boost_50_75: {
          type: 'number',
        },
        time_boost_75_100: {
          type: 'number',
        },
      },
      required: [],
      additionalProperties: false,
    },
    playerMovement: {
      type: 'object',
      properties: {
        total_distance: {
          type: 'number',
        },
        time_supersonic_speed: {
          type: 'number',
        },
        time_boost_speed: {
          type: 'number',
        },
        time_slow_speed: {
          type: 'number',
        },
        time_ground: {
          type: 'number',
        },
        time_low_air: {
          type: 'number',
        },
        time_high_air: {
          type: 'number',
        },
        time_powerslide: {
          type: 'number',
        },
        count_powerslide: {
          type: 'number',
        },
        avg_speed: {
          type: 'number',
        },
        avg_powerslide_duration: {
          type: 'number',
        },
        avg_speed_percentage: {
          type: 'number',
        },
        percent_slow_speed: {
          type: 'number',
        },
        percent_boost_speed: {
          type: 'number',
        },
        percent_supersonic_speed: {
          type: 'number',
        },
        percent_ground: {
          type: 'number',
        },
        percent_low_air: {
          type: 'number',
        },
        percent_high_air: {
          type: 'number',
        },
      },
      required: [
        'total_distance',
        'time_supersonic_speed',
        'time_boost_speed',
        'time_slow_speed',
        'time_ground',
        'time_low_air',
        'time_high_air',
        'time_powerslide',
        'count_powerslide',
        'avg_speed',
        'avg_powerslide_duration',
        'avg_speed_percentage',
        'percent_slow_speed',
        'percent_boost_speed',
        'percent_supersonic_speed',
        'percent_ground',
        'percent_low_air',
        'percent_high_air',
      ],
      additionalProperties: false,
    },
    teamMovement: {
      type: 'object',
      properties: {
        total_distance: {
          type: 'number',
        },
        time_supersonic_speed: {
          type: 'number',
        },
        time_boost_speed: {
          type: 'number',
        },
        time_slow_speed: {
          type: 'number',
        },
        time_ground: {
          type: 'number',
        },
        time_low_air: {
          type: 'number',
        },
        time_high_air: {
          type: 'number',
        },
        time_powerslide: {
          type: 'number',
        },
        count_powerslide: {
          type: 'number',
        },
      },
      required: [
        'total_distance',
        'time_supersonic_speed',
        'time_boost_speed',
        'time_slow_speed',
        'time_ground',
        'time_low_air',
        'time_high_air',
        'time_powerslide',
        'count_powerslide',
      ],
      additionalProperties: false,
    },
    playerPositioning: {
      type: 'object',
      properties: {
        time_defensive_third: {
          type: 'number',
        },
        time_neutral_third: {
          type: 'number',
        },
        time_offensive_third: {
          type: 'number',
        },
        time_defensive_half: {
          type: 'number',
        },
        time_offensive_half: {
          type: 'number',
        },
        time_behind_ball: {
          type: 'number',
        },
        time_infront_ball: {
          type: 'number',
        },
        avg_distance_to_ball: {
          type: 'number',
        },
        avg_distance_to_ball_possession: {
          type: 'number',
        },
        avg_distance_to_ball_no_possession: {
          type: 'number',
        },
        avg_distance_to_mates: {
          type: 'number',
        },
        time_most_back: {
          type: 'number',
        },
        time_most_forward: {
          type: 'number',
        },
        time_closest_to_ball: {
          type: 'number',
        },
        time_farthest_from_ball: {
          type: 'number',
        },
        goals_against_while_last_defender: {
          type: 'number',
        },
        percent_defensive_third: {
          type: 'number',
        },
        percent_offensive_third: {
          type: 'number',
        },
        percent_neutral_third: {
          type: 'number',
        },
        percent_defensive_half: {
          type: 'number',
        },
        percent_offensive_half: {
          type: 'number',
        },
        percent_behind_ball: {
          type: 'number',
        },
        percent_infront_ball: {
          type: 'number',
        },
        percent_most_back: {
          type: 'number',
        },
        percent_most_forward: {
          type: 'number',
        },
        percent_closest_to_ball: {
          type: 'number',
        },
        percent_farthest_from_ball: {
          type: 'number',
        },
      },
      required: [
        'time_defensive_third',
        'time_neutral_third',
        'time_offensive_third',
        'time_defensive_half',
        'time_offensive_half',
        'time_behind_ball',
        'time_infront_ball',
      ],
      additionalProperties: false,
    },
    teamPositioning: {
      type: 'object',
      properties: {
        time_defensive_third: {
          type: 'number',
        },
        time_neutral_third: {
          type: 'number',
        },
        time_offensive_third: {
          type: 'number',
        },
        time_defensive_half: {
          type: 'number',
        },
        time_offensive_half: {
          type: 'number',
        },
        time_behind_ball: {
          type: 'number',
        },
        time_infront_ball: {
          type: 'number',
        },
      },
      required: [
        'time_defensive_third',
        'time_neutral_third',
        'time_offensive_third',
        'time_defensive_half',
        'time_offensive_half',
        'time_behind_ball',
        'time_infront_ball',
      ],
      additionalProperties: false,
    },
    demo: {
      type: 'object',
      properties: {
        inflicted: {
          type: 'number',
        },
        taken: {
          type: 'number',
        },
      },
      required: ['inflicted', 'taken'],
      additionalProperties: false,
    },
    ball: {
      type: 'object',
      properties: {
        possession_time: {
          type: 'number',
        },
        time_in_side: {
          type: 'number',
        },
      },
      required: ['possession_time', 'time_in_side'],
      additionalProperties: false,
    },
    playerStats: {
      type: 'object',
      properties: {
        core: {
          $ref: '#/$defs/playerCore',
        },
        boost: {
          $ref: '#/$defs/playerBoost',
        },
        movement: {
          $ref: '#/$defs/playerMovement',
        },
        positioning: {
          $ref: '#/$defs/playerPositioning',
        },
        demo: {
          $ref: '#/$defs/demo',
        },
      },
      required: ['core'],
      additionalProperties: false,
    },
    teamStats: {
      type: 'object',
      properties: {
        ball: {
          $ref: '#/$defs/ball',
        },
        core: {
          $ref: '#/$defs/teamCore',
        },
        boost: {
          $ref: '#/$defs/teamBoost',
        },
        movement: {
          $ref: '#/$defs/teamMovement',
        },
        positioning: {
          $ref: '#/$defs/teamPositioning',
        },
        demo: {
          $ref: '#/$defs/demo',
        },
      },
      required: ['core'],
      additionalProperties: false,
    },
    player: {
      type: 'object',
      properties: {
        name: {
          type: 'string',
        },
        platform: {
          type: 'string',
          enum: ['steam', 'epic', 'xbox', 'ps4', 'switch', 'unknown'],
        },
        platform_id: {
          type: ['string', 'null'],
        },
        team: {
          type: 'string',
          enum: ['blue', 'orange'],
        },
        mvp: {
          type: 'boolean',
        },
        stats: {
          $ref: '#/$defs/playerStats',
        },
        mechanics: {
          type: ['object', 'null'],
          properties: {
            jumps: {
              type: 'number',
            },
            double_jumps: {
              type: 'number',
            },
            dodges: {
              type: 'number',
            },
            counts: {
              type: 'object',
              properties: {
                jump: {
                  type: 'integer',
                },
                double_jump: {
                  type: 'integer',
                },
                flip: {
                  type: 'integer',
                },
                half_flip: {
                  type: 'integer',
                },
                speed_flip: {
                  type: 'integer',
                },
                wavedash: {
                  type: 'integer',
                },
                aerial: {
                  type: 'integer',
                },
                air_dribble: {
                  type: 'integer',
                },
                ceiling_shot: {
                  type: 'integer',
                },
                flip_reset: {
                  type: 'integer',
                },
                double_tap: {
                  type: 'integer',
                },
                flick: {
                  type: 'integer',
                },
              },
              required: [
                'jump',
                'double_jump',
                'flip',
                'half_flip',
                'speed_flip',
                'wavedash',
                'aerial',
                'air_dribble',
                'ceiling_shot',
                'flip_reset',
                'double_tap',
                'flick',
              ],
              additionalProperties: false,
            },
            flips_by_direction: {
              type: 'object',
              properties: {
                forward: {
                  type: 'integer',
                },
                back: {
                  type: 'integer',
                },
                side: {
                  type: 'integer',
                },
                diagonal: {
                  type: 'integer',
                },
                unknown: {
                  type: 'integer',
                },
              },
              required: ['forward', 'back', 'side', 'diagonal', 'unknown'],
              additionalProperties: false,
            },
            aerial_success_rate: {
              type: ['number', 'null'],
              description: 'Aerials that touched the ball / aerials (0-1).',
            },
            flip_reset_success_rate: {
              type: ['number', 'null'],
              description: 'Flip resets followed by a dodge within 2 s / flip resets (0-1).',
            },
            max_aerial_height: {
              type: ['number', 'null'],
            },
          },
          required: ['jumps', 'double_jumps', 'dodges'],
          additionalProperties: false,
        },
        analytics: {
          type: ['object', 'null'],
          properties: {
            percent_first_man: {
              type: ['number', 'null'],
            },
            percent_second_man: {
              type: ['number', 'null'],
            },
            percent_third_man: {
              type: ['number', 'null'],
            },
            time_double_commit: {
              type: 'number',
            },
            time_last_man: {
              type: 'number',
            },
            heatmap: {
              type: 'array',
              items: {
                type: 'array',
                items: {
                  type: 'number',
                },
              },
            },
          },
          required: [
            'percent_first_man',
            'percent_second_man',
            'percent_third_man',
            'time_double_commit',
            'time_last_man',
            'heatmap',
          ],
          additionalProperties: false,
        },
        xg: {
          type: ['object', 'null'],
          properties: {
            shots: {
              type: 'integer',
            },
            total: {
              type: 'number',
            },
          },
          required: ['shots', 'total'],
          additionalProperties: false,
        },
      },
      required: ['name', 'platform', 'platform_id', 'team', 'mvp', 'stats', 'mechanics', 'analytics'],
      additionalProperties: false,
    },
    team: {
      type: 'object',
      properties: {
        color: {
          type: 'string',
          enum: ['blue', 'orange'],
        },
        name: {
          type: ['string', 'null'],
        },
        goals: {
          type: 'number',
        },
        stats: {
          $ref: '#/$defs/teamStats',
        },
        xg: {
          type: ['number', 'null'],
          description: "Summed model xG of the team's shots.",
        },
      },
      required: ['color', 'name', 'goals', 'stats'],
      additionalProperties: false,
    },
  },
};
