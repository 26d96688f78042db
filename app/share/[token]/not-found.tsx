import { ShareMessage, ShareShell } from './_components/share-shell';

/** Unknown, mistyped and revoked links look the same (404), and lead nowhere else. */
export default function ShareNotFound() {
  return (
    <ShareShell>
      <ShareMessage title="This link does not work" testId="share-not-found">
        <p>It may have been revoked, or the address is incomplete. Ask whoever sent it for a new link.</p>
      </ShareMessage>
    </ShareShell>
  );
}
