import { Link } from '../../app/router.js';
import { PageTitle, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

export default function NotFoundScreen() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <Paragraph>{t('notFound.text')}</Paragraph>
      <Paragraph><Link href="/">{t('notFound.home')}</Link></Paragraph>
    </>
  );
}
