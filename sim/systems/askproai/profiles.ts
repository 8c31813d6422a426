import type { ProfileName } from './catalog.ts';

/**
 * A profile is one version of the app's behaviour. Each switch is a documented difference between the
 * design as the seed describes it and the code as it shipped.
 */
export interface Profile {
  readonly name: ProfileName;
  readonly summary: string;
  /** The booking path passes the service's team id to the invalidation (else it passes none). */
  readonly bookingPassesTeam: boolean;
  /** Layer 2 fills read Layer 1 with the service's team id (else with the team-less key). */
  readonly layer2FillWithTeam: boolean;
}

export const profiles: Readonly<Record<ProfileName, Profile>> = {
  seed: {
    name: 'seed',
    summary:
      'The design as the Phase A+ summary describes it: check_availability reads the Layer 2 hour window, ' +
      'whose fill reads the day on Layer 1 with the team; a successful booking clears with its team id, the webhook without.',
    bookingPassesTeam: true,
    layer2FillWithTeam: true,
  },
};
