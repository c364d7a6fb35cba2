import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Link } from './router.js';
import { useSession } from './session.js';
import { useSupportContact } from './support-contact.js';

/** Landmarks: a skip link, banner with navigation, one main, a footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { state, logout } = useSession();
  const user = state.status === 'ready' ? state.user : null;
  const other = language === 'nl' ? 'en' : 'nl';
  const contact = useSupportContact();
  return (
    <div className="utrecht-page-layout ev-page">
      <a className="utrecht-skip-link ev-skip-link" href="#main">{t('nav.skipToContent')}</a>
      <header className="utrecht-page-header ev-header">
        <div className="utrecht-page-header__content ev-header__content">
          <Link href="/" className="ev-logo" aria-label={t('nav.homeLabel')}>{t('app.name')}</Link>
          <nav aria-label={t('nav.label')} className="ev-nav">
            <ul className="ev-nav__list">
              {user ? <li><Link href="/" className="ev-nav__link">{t('nav.home')}</Link></li> : null}
              {user && user.role === 'counsellor' ? <li><Link href="/show-who-i-am" className="ev-nav__link">{t('nav.showWhoIAm')}</Link></li> : null}
              {user && (user.role === 'counsellor' || user.role === 'expert') ? <li><Link href="/consultations" className="ev-nav__link">{user.role === 'expert' ? t('cons.navExpert') : t('cons.nav')}</Link></li> : null}
              {user && user.role === 'coordinator' ? <li><Link href="/intake" className="ev-nav__link">{t('nav.intake')}</Link></li> : null}
              {user && user.role === 'coordinator' ? <li><Link href="/reports" className="ev-nav__link">{t('nav.reports')}</Link></li> : null}
              {user && user.role === 'coordinator' ? <li><Link href="/team" className="ev-nav__link">{t('team.nav')}</Link></li> : null}
              {user && ['parent', 'counsellor', 'coordinator'].includes(user.role) ? <li><Link href="/groups" className="ev-nav__link">{t('groups.nav')}</Link></li> : null}
              {user && user.role === 'admin' ? <li><Link href="/organisations" className="ev-nav__link">{t('orgs.nav')}</Link></li> : null}
              {user && user.role === 'admin' ? <li><Link href="/accounts" className="ev-nav__link">{t('accountSearch.nav')}</Link></li> : null}
              {/* Checking a staff member's code is for everyone who meets one: also once logged in. */}
              {user && !['counsellor', 'coordinator', 'admin'].includes(user.role) ? <li><Link href="/verify" className="ev-nav__link">{t('nav.verify')}</Link></li> : null}
              {/* The help directory is for everyone, logged in or not (issue 20); it speaks to grown-ups
                  ("u"), so a child finds whom to talk to on their own home ("Met wie kan ik praten?"). */}
              {user?.role !== 'admin' && user?.role !== 'child' ? <li><Link href="/hulp" className="ev-nav__link">{t('dir.nav')}</Link></li> : null}
              {user ? <li><Link href="/account" className="ev-nav__link">{t('account.nav')}</Link></li> : null}
              {!user ? <li><Link href="/register" className="ev-nav__link">{t('nav.register')}</Link></li> : null}
              {!user ? <li><Link href="/verify" className="ev-nav__link">{t('nav.verify')}</Link></li> : null}
              <li>
                <button type="button" className="ev-nav__button" lang={other} onClick={() => setLanguage(other)}>
                  {t('nav.switchLanguage')}
                </button>
              </li>
              {user ? (
                <li>
                  <button type="button" className="ev-nav__button" onClick={() => void logout()}>{t('nav.logout')}</button>
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="utrecht-page-body ev-main" tabIndex={-1}>
        <div className="utrecht-page-body__content">
          {user ? <p className="utrecht-paragraph utrecht-paragraph--small ev-whoami">{t(user.role === 'child' ? 'child.loggedInAs' : 'nav.loggedInAs', { name: user.displayName })}</p> : null}
          {children}
        </div>
      </main>
      <footer className="utrecht-page-footer ev-footer">
        <div className="utrecht-page-footer__content">
          {/* Each reader their own words: the parent's file, a child's "je", the others' view of it. */}
          <p className="utrecht-paragraph">{!user || user.role === 'parent' ? t('footer.privacy') : user.role === 'child' ? t('footer.privacyChild') : t('footer.privacyOthers')}</p>
          <p className="utrecht-paragraph">{!user || user.role === 'parent' || user.role === 'foster_parent' ? t('footer.help') : user.role === 'child' ? t('footer.helpChild') : t('footer.helpOthers')}</p>
          {contact?.phone ? (
            <p className="utrecht-paragraph" data-testid="support-phone">
              {user?.role === 'child' ? t('footer.callChild') : t('footer.call')}{' '}
              <a className="utrecht-link ev-footer__link" href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>{contact.phone}</a>
              {contact.hours ? ` (${contact.hours})` : ''}
            </p>
          ) : null}
        </div>
      </footer>
    </div>
  );
}
