import { z } from 'zod';

import { idNumberField, isoDateField } from '../record-fields.js';

export const registeredHousehold = z.object({
  householdNo: z.string(),
  areaCode: z.string(),
  members: z.array(
    z.object({
      idNumber: idNumberField,
      name: z.string(),
      relationToHead: z.string(),
    }),
  ),
});

export const registeredVehicle = z.object({
  plate: z.string(),
  ownerIdNumber: idNumberField,
  vehicleType: z.string(),
  /** One letter; E cancelled, M forced cancellation and P scrapped are no longer owned. */
  status: z.string().length(1),
  registeredOn: isoDateField,
});

export const recordedDeath = z.object({
  idNumber: idNumberField,
  diedOn: isoDateField,
});

export const publicSecurityRecords = z.object({
  households: z.array(registeredHousehold),
  vehicles: z.array(registeredVehicle),
  deaths: z.array(recordedDeath),
});

export type RegisteredHousehold = z.infer<typeof registeredHousehold>;
export type RegisteredVehicle = z.infer<typeof registeredVehicle>;
export type RecordedDeath = z.infer<typeof recordedDeath>;
export type PublicSecurityRecords = z.infer<typeof publicSecurityRecords>;
