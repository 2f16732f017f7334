// Map code (header MapName, matched case-insensitively) -> friendly name. One line per map:
// `<code> <name>`. Codes missing here give mapName = null (never a guess).
export const MAP_NAMES_TEXT = `
Stadium_P DFH Stadium
Stadium_Day_P DFH Stadium (Day)
Stadium_Foggy_P DFH Stadium (Stormy)
Stadium_Winter_P DFH Stadium (Snowy)
Stadium_Race_Day_P DFH Stadium (Circuit)
EuroStadium_P Mannfield
EuroStadium_Night_P Mannfield (Night)
EuroStadium_Rainy_P Mannfield (Stormy)
EuroStadium_SnowNight_P Mannfield (Snowy)
EuroStadium_Dusk_P Mannfield (Dusk)
UtopiaStadium_P Utopia Coliseum
UtopiaStadium_Dusk_P Utopia Coliseum (Dusk)
UtopiaStadium_Snow_P Utopia Coliseum (Snowy)
UtopiaStadium_Lux_P Utopia Coliseum (Gilded)
Park_P Beckwith Park
Park_Night_P Beckwith Park (Midnight)
Park_Rainy_P Beckwith Park (Stormy)
Park_Snowy_P Beckwith Park (Snowy)
TrainStation_P Urban Central
TrainStation_Night_P Urban Central (Night)
TrainStation_Dawn_P Urban Central (Dawn)
Haunted_TrainStation_P Urban Central (Haunted)
CS_P Champions Field
CS_Day_P Champions Field (Day)
cs_hw_p Rivals Arena
CHN_Stadium_P Forbidden Temple
Wasteland_P Wasteland
Wasteland_Night_P Wasteland (Night)
Wasteland_S_P Wasteland (Standard)
Wasteland_Night_S_P Wasteland (Standard, Night)
NeoTokyo_P Tokyo Underpass
NeoTokyo_Standard_P Neo Tokyo
NeoTokyo_Arcade_P Neo Tokyo (Arcade)
NeoTokyo_Hax_P Neo Tokyo (Hacked)
ARC_P Starbase ARC
ARC_Standard_P Starbase ARC (Standard)
ARC_Darc_P Starbase ARC (Aftermath)
Farm_P Farmstead
Farm_Night_P Farmstead (Night)
Underwater_P AquaDome
Underwater_GRS_P AquaDome (Salty Shallows)
Beach_P Salty Shores
Beach_Night_P Salty Shores (Night)
Beach_Night_GRS_P Salty Shores (Salty Fest)
Music_P Neon Fields
ThrowbackStadium_P Throwback Stadium
Street_P Sovereign Heights (Dusk)
Outlaw_P Deadeye Canyon
Outlaw_Oasis_P Deadeye Canyon (Oasis)
Woods_P Drift Woods
Woods_Night_P Drift Woods (Night)
FNI_Stadium_P Futura Garden
HoopsStadium_P Dunk House
HoopsStreet_P The Block
ShatterShot_P Core 707
KO_Calavera_P Calavera
KO_Carbon_P Carbon
KO_Quadron_P Quadron
Labs_CirclePillars_P Pillars
Labs_Cosmic_P Cosmic
Labs_Cosmic_V4_P Cosmic
Labs_DoubleGoal_P Double Goal
Labs_DoubleGoal_V2_P Double Goal
Labs_Octagon_P Octagon
Labs_Octagon_02_P Octagon
Labs_Underpass_P Underpass
Labs_Utopia_P Utopia Retro
Labs_Galleon_P Galleon
Labs_PillarGlass_P Hourglass
Labs_PillarHeat_P Barricade
Labs_PillarWings_P Colossus
Labs_Holyfield_P Loophole
`;
