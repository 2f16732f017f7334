// Which initial data a new actor carries, by class (replay-format.md §8). The first class found
// walking up an object's hierarchy decides; objects that cannot be resolved carry nothing.
// Format: `<class> <None|Location|LocationAndRotation>`.
export const SPAWN_RULES_TEXT = `
Engine.Actor Location
Engine.ZoneInfo None
TAGame.BreakOutActor_Platform_TA None
TAGame.CrowdActor_TA None
TAGame.CrowdManager_TA None
TAGame.HauntedBallTrapTrigger_TA None
TAGame.InMapScoreboard_TA None
TAGame.PlayerStart_Platform_TA None
TAGame.RBActor_TA LocationAndRotation
TAGame.VehiclePickup_Boost_TA None
TAGame.KeepUpIndicator_TA LocationAndRotation
`;
