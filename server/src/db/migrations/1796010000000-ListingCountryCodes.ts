import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ISO 3166-1 alpha-2 as of this migration, plus XK (Kosovo): the list listing-terms.ts COUNTRY_CODES checks (a test keeps them equal). */
export const COUNTRY_CODES_1796010000000: readonly string[] = [
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ',
  'BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ',
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ',
  'DE DJ DK DM DO DZ',
  'EC EE EG EH ER ES ET',
  'FI FJ FK FM FO FR',
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY',
  'HK HM HN HR HT HU',
  'ID IE IL IM IN IO IQ IR IS IT',
  'JE JM JO JP',
  'KE KG KH KI KM KN KP KR KW KY KZ',
  'LA LB LC LI LK LR LS LT LU LV LY',
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ',
  'NA NC NE NF NG NI NL NO NP NR NU NZ',
  'OM',
  'PA PE PF PG PH PK PL PM PN PR PS PT PW PY',
  'QA',
  'RE RO RS RU RW',
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ',
  'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ',
  'UA UG UM US UY UZ',
  'VA VC VE VG VI VN VU',
  'WF WS',
  'XK',
  'YE YT',
  'ZA ZM ZW',
].flatMap((line) => line.split(' '));

/** A hybrid or on-site listing's country is an assigned code, not just two letters (UK, SU, EU are refused). */
export const COUNTRY_CODE_CHECK = `"location_country_code" IS NULL OR "location_country_code" IN (${COUNTRY_CODES_1796010000000.map((code) => `'${code}'`).join(', ')})`;

/**
 * Listing country codes from an explicit ISO 3166-1 alpha-2 list (issue 15 review, finding 5):
 * CLDR also names withdrawn and reserved codes (UK, SU, DD …), which the API took until now. A
 * listing saved with UK gets GB (the same country); one with another code not in the list has its
 * location cleared to "not stated" (a withdrawn country is no place to work in), then the CHECK holds.
 */
export class ListingCountryCodes1796010000000 implements MigrationInterface {
  name = 'ListingCountryCodes1796010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "listings" SET "location_country_code" = 'GB' WHERE "location_country_code" = 'UK'`);
    await queryRunner.query(
      `UPDATE "listings" SET "location_kind" = NULL, "location_city" = NULL, "location_country_code" = NULL, "utc_offset_from_minutes" = NULL, "utc_offset_to_minutes" = NULL
        WHERE NOT (${COUNTRY_CODE_CHECK})`,
    );
    await queryRunner.query(`ALTER TABLE "listings" ADD CONSTRAINT "CHK_listings_country_code" CHECK (${COUNTRY_CODE_CHECK})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "CHK_listings_country_code"`);
  }
}
