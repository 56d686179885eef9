import { describe, expect, it } from 'vitest';
import { cleanDialNumber, dialNumberFormat, normalizePhone, samePhone } from '../../src/engine/dial-number.js';

describe('dial numbers', () => {
  const cleaned: Array<[string, string, string]> = [
    ['CON-2: separators are stripped', '+45 33-12.34 (56)', '+4533123456'],
    ['CON-2: letters are stripped', 'call 555 1234 ext', '5551234'],
    ['CON-2: + # * : survive', '*67#+1:22', '*67#+1:22'],
    ['CON-2: exactly 3 digits is enough', '1 1 2', '112'],
    ['CON-2: exactly 18 digits is allowed', '123456789012345678', '123456789012345678'],
    ['CON-2: special characters do not count as digits', '+##12*3', '+##12*3'],
    ['CON-2: US format', '+1 (212) 555-0147', '+12125550147'],
    ['CON-2: IDD format', '011 47 22 45 67 89', '0114722456789'],
    ['CON-2: other unicode is stripped', '＋45 ３3 12 34 56 ☎', '453123456'],
  ];
  it.each(cleaned)('%s', (_name, input, value) => {
    expect(cleanDialNumber(input)).toEqual({ ok: true, value });
  });

  const refused: Array<[string, string, 'tooShort' | 'tooLong' | 'empty']> = [
    ['CON-2: nothing typed', '', 'empty'],
    ['CON-2: only letters', 'helpdesk', 'empty'],
    ['CON-2: only specials', '+#*:', 'empty'],
    ['CON-2: two digits are too short', '+4 5', 'tooShort'],
    ['CON-2: 19 digits are too long', '1234567890123456789', 'tooLong'],
    ['CON-2: letters do not rescue a long number', 'a1234567890123456789b', 'tooLong'],
  ];
  it.each(refused)('%s', (_name, input, reason) => {
    expect(cleanDialNumber(input)).toEqual({ ok: false, reason });
  });

  const formats: Array<[string, string, string]> = [
    ['CON-2: US +1AAANNNNNNN', '+12125550147', 'us'],
    ['CON-2: E.164 +CCN...', '+4533123456', 'e164'],
    ['CON-2: IDD 011CCN...', '0114533123456', 'idd'],
    ['CON-2: an extension is dialled as it is', '4711', 'other'],
  ];
  it.each(formats)('%s', (_name, cleanedNumber, format) => {
    expect(dialNumberFormat(cleanedNumber)).toBe(format);
  });

  const same: Array<[string, string, string, boolean]> = [
    ['spaces', '+45 33 12 34 56', '+4533123456', true],
    ['00 prefix', '0045 33123456', '+4533123456', true],
    ['011 prefix', '011 45 33 12 34 56', '+45 33 12 34 56', true],
    ['dashes and brackets', '+1 (212) 555-0147', '+12125550147', true],
    ['a partial number', '33123456', '+4533123456', false],
    ['a different number', '+4533123457', '+4533123456', false],
    ['no digits at all', '', '', false],
  ];
  it.each(same)('CON-3: samePhone with %s', (_name, a, b, expected) => {
    expect(samePhone(a, b)).toBe(expected);
    expect(samePhone(b, a)).toBe(expected);
  });

  it('normalises to digits with a leading +', () => {
    expect(normalizePhone(' +45 (33) 12-34-56 ')).toBe('+4533123456');
    expect(normalizePhone('00 46 8 123 456 78')).toBe('+46812345678');
    expect(normalizePhone('n/a')).toBe('');
  });
});
