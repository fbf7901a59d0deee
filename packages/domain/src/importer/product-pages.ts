import { slugify } from '../slug.js';
import { normalizeWhitespace } from './text.js';

/**
 * The docs pages that list certified products, and the program each belongs to. A page is
 * recognised by its first heading (front-matter titles repeat between pages: the IP PBX page is
 * titled "Gateways"); `path` is where the docs site publishes it, against which its links resolve.
 */
export interface ProductPageSource {
  /** The page's path on the docs site, also its name in CertHub ("certification/infra-sbc"). */
  path: string;
  heading: string;
  /** The program's name on How to Join, or the name it is created under when How to Join has none. */
  programName: string;
  /** The category of a program How to Join does not list (created CLOSED by the seed). */
  categoryName: string;
}

const SKYPE_DOCS = 'https://learn.microsoft.com/en-us/skypeforbusiness/';
const TEAMS_DOCS = 'https://learn.microsoft.com/en-us/microsoftteams/';

export const PRODUCT_PAGES: readonly ProductPageSource[] = [
  { path: 'certification/devices-ip-phones', heading: 'IP Phones', programName: 'IP Phones', categoryName: 'Devices' },
  { path: 'certification/devices-pcs', heading: 'PCs', programName: 'PCs', categoryName: 'Devices' },
  {
    path: 'certification/devices-usb-devices',
    heading: 'USB audio and video devices certified for Skype for Business and Lync clients',
    programName: 'USB Audio and Video Devices',
    categoryName: 'Devices',
  },
  {
    path: 'devices/usb-devices',
    heading: 'USB audio and video devices certified for Microsoft Teams',
    // Its own program: a product is imported from one page only, and many are on both USB pages.
    programName: 'Teams USB Audio and Video Devices',
    categoryName: 'Devices',
  },
  { path: 'certification/infra-gateways', heading: 'Gateways', programName: 'Gateway', categoryName: 'Infrastructure' },
  { path: 'certification/infra-sbc', heading: 'Session Border Controllers', programName: 'SBC', categoryName: 'Infrastructure' },
  {
    path: 'certification/infra-rev-proxy',
    heading: 'Reverse Proxy',
    programName: 'Reverse Proxy',
    categoryName: 'Infrastructure',
  },
  {
    path: 'certification/infra-load-balancers',
    heading: 'Load Balancers',
    programName: 'Load Balancer',
    categoryName: 'Infrastructure',
  },
  { path: 'certification/infra-ip-pbxs', heading: 'IP PBXs', programName: 'IP PBX', categoryName: 'Infrastructure' },
  {
    path: 'certification/services-sip-trunking',
    heading: 'SIP Trunking services',
    programName: 'SIP Trunks',
    categoryName: 'Services',
  },
  { path: 'certification/services-e911', heading: 'E-911 service providers', programName: 'E-911', categoryName: 'Services' },
  { path: 'certification/it-pro-tools-migration', heading: 'Migration', programName: 'Migration', categoryName: 'IT Pro' },
  {
    path: 'certification/it-pro-tools-monitor-troubleshoot',
    heading: 'Monitoring and Troubleshooting',
    programName: 'Monitoring and Troubleshooting',
    categoryName: 'IT Pro',
  },
  { path: 'certification/it-pro-tools-reporting', heading: 'Reporting', programName: 'Reporting', categoryName: 'IT Pro' },
  {
    path: 'certification/it-pro-tools-user-policy',
    heading: 'User and Policy Provisioning',
    programName: 'User and Policy Provisioning',
    categoryName: 'IT Pro',
  },
  { path: 'certification/networking-sdn', heading: 'SDN for Skype for Business', programName: 'SDN', categoryName: 'Networking' },
  {
    path: 'certification/networking-wifi',
    heading: 'Wi-Fi for Skype for Business',
    programName: 'Wi-Fi',
    categoryName: 'Networking',
  },
  {
    path: 'certification/isv-overview',
    heading: 'Skype For Business ISV Certification Program',
    programName: 'ISV Solutions',
    categoryName: 'ISV',
  },
];

/** The public address of a page, what its relative links resolve against. */
export function productPageUrl(path: string): string {
  const docs = path.startsWith('certification/') || path.startsWith('lync-cert/') ? SKYPE_DOCS : TEAMS_DOCS;
  return `${docs}${path}`;
}

export function programSlugOf(source: Pick<ProductPageSource, 'programName'>): string {
  return slugify(source.programName);
}

/** The known page whose first heading `heading` is, or null. */
export function recognizeProductPage(heading: string | null): ProductPageSource | null {
  if (heading === null) return null;
  const key = normalizeWhitespace(heading).toLowerCase();
  return PRODUCT_PAGES.find((page) => page.heading.toLowerCase() === key) ?? null;
}
