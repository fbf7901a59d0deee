import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../config.js';

describe('the configuration of applications and notifications', () => {
  it('limits 10 submissions an hour and logs notifications unless told otherwise', () => {
    expect(readConfig({})).toMatchObject({
      applications: { perHour: 10, staffNotificationEmail: null },
      mail: { smtpUrl: null, mailFrom: 'CertHub <certhub@localhost>' },
    });
    expect(
      readConfig({
        APPLICATIONS_PER_HOUR: '0',
        SMTP_URL: 'smtps://user:secret@mail.example.com:465',
        MAIL_FROM: 'Partners <partners@example.com>',
        STAFF_NOTIFICATION_EMAIL: ' partners@example.com ',
      }),
    ).toMatchObject({
      applications: { perHour: 0, staffNotificationEmail: 'partners@example.com' },
      mail: { smtpUrl: 'smtps://user:secret@mail.example.com:465', mailFrom: 'Partners <partners@example.com>' },
    });
  });

  it('refuses wrong values, naming each', () => {
    const read = () =>
      readConfig({ APPLICATIONS_PER_HOUR: '-1', SMTP_URL: 'mail.example.com', STAFF_NOTIFICATION_EMAIL: 'partners' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/APPLICATIONS_PER_HOUR must be a whole number/);
    expect(read).toThrow(/SMTP_URL must be an smtp:\/\//);
    expect(read).toThrow(/STAFF_NOTIFICATION_EMAIL must be an email address/);
  });
});
