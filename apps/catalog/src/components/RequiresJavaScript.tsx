/** Said only when JavaScript is off: the form below it is sent by the page's script, not by the browser. */
export function RequiresJavaScript({ what }: { what: string }) {
  return (
    <noscript>
      <p className="callout">{`${what} needs JavaScript. Turn it on for this site to use the form below.`}</p>
    </noscript>
  );
}
