<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../kiosk/ui/about.py" line="24"/>
        <source>À propos de la borne</source>
        <translation>About the kiosk</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="26"/>
        <source>Borne de réassort des identifiants électeurs</source>
        <translation>Voter ID re-issue kiosk</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="28"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="37"/>
        <source>&amp;Fermer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="48"/>
        <source>inconnu</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="50"/>
        <source>Borne : %1</source>
        <translation>Kiosk: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="51"/>
        <source>non enrôlée</source>
        <translation>not enrolled</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="52"/>
        <source>Centre : %1</source>
        <translation>Centre: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/about.py" line="54"/>
        <source>Dossier des données : %1</source>
        <translation>Data folder: %1</translation>
    </message>
</context>
<context>
    <name>AppHeader</name>
    <message>
        <location filename="../kiosk/ui/window.py" line="69"/>
        <source>République française</source>
        <translation>French Republic</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/window.py" line="70"/>
        <source>Ministère de l&apos;Éducation nationale</source>
        <translation>Ministry of National Education</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/window.py" line="71"/>
        <source>Élections professionnelles — réassort des identifiants électeurs</source>
        <translation>Professional elections — voter ID re-issue</translation>
    </message>
</context>
<context>
    <name>CheckedField</name>
    <message>
        <location filename="../kiosk/ui/widgets.py" line="111"/>
        <source>Erreur : %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/widgets.py" line="125"/>
        <location filename="../kiosk/ui/widgets.py" line="196"/>
        <source>Afficher</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/widgets.py" line="126"/>
        <source>Afficher ou masquer : %1</source>
        <translation>Show or hide: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/widgets.py" line="196"/>
        <source>Masquer</source>
        <translation>Hide</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="21"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="22"/>
        <source>courriel</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="28"/>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="29"/>
        <source>Remettez le récépissé à l&apos;électeur, ou laissez-le photographier le QR code pour suivre sa demande.</source>
        <translation>Give the receipt to the voter, or let them photograph the QR code to follow their request.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="33"/>
        <source>&amp;Terminer la visite &gt;</source>
        <translation>&amp;Finish the visit &gt;</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="40"/>
        <source>Référence :</source>
        <translation>Reference:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="41"/>
        <source>Téléphone :</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="42"/>
        <source>Envoi :</source>
        <translation>Sent by:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="43"/>
        <source>Date et heure :</source>
        <translation>Date and time:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="44"/>
        <source>Demandes encore possibles :</source>
        <translation>Requests still possible:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="45"/>
        <source>État :</source>
        <translation>State:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="53"/>
        <source>&amp;Imprimer le récépissé…</source>
        <translation>&amp;Print the receipt…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="55"/>
        <source>&amp;Enregistrer le récépissé en PDF…</source>
        <translation>&amp;Save the receipt as PDF…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="57"/>
        <location filename="../kiosk/ui/pages/confirmation.py" line="142"/>
        <source>Afficher le &amp;QR code</source>
        <translation>Show the &amp;QR code</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="68"/>
        <source>QR code de suivi de la demande</source>
        <translation>QR code to follow the request</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="113"/>
        <source>Imprimer le récépissé</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="116"/>
        <source>Impression en cours…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="123"/>
        <source>Enregistrer le récépissé</source>
        <translation>Save the receipt</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="124"/>
        <source>Documents PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="131"/>
        <source>Enregistrement du PDF…</source>
        <translation>Saving the PDF…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="134"/>
        <source>Récépissé prêt : remettez-le à l&apos;électeur.</source>
        <translation>Receipt ready: give it to the voter.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="144"/>
        <source>Masquer le &amp;QR code</source>
        <translation>Hide the &amp;QR code</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/confirmation.py" line="156"/>
        <source>Suivi de la demande : %1</source>
        <translation>Follow the request: %1</translation>
    </message>
</context>
<context>
    <name>EndPage</name>
    <message>
        <location filename="../kiosk/ui/pages/end.py" line="17"/>
        <source>Fin</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/end.py" line="18"/>
        <source>La visite est terminée.</source>
        <translation>The visit is over.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/end.py" line="20"/>
        <source>É&amp;lecteur suivant</source>
        <translation>Next &amp;voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/end.py" line="21"/>
        <source>Les informations de l&apos;électeur ont été effacées de l&apos;écran et de la mémoire de la borne. La demande reste enregistrée et sera transmise au centre si ce n&apos;est pas déjà fait.

Cliquez sur « Électeur suivant » pour accueillir la personne suivante.</source>
        <translation>The voter&apos;s details have been wiped from the screen and from the kiosk&apos;s memory. The request stays recorded and will be sent to the centre if it has not been already.

Click “Next voter” to welcome the next person.</translation>
    </message>
</context>
<context>
    <name>EnrolmentPanel</name>
    <message>
        <location filename="../kiosk/ui/panels.py" line="116"/>
        <source>Enrôlement de la borne</source>
        <translation>Kiosk enrolment</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="117"/>
        <source>Cette borne n&apos;est pas encore reliée au centre. Saisissez l&apos;adresse du centre, le fichier de son autorité de certification et le code d&apos;enrôlement à usage unique fourni par l&apos;administrateur.</source>
        <translation>This kiosk is not linked to the centre yet. Enter the centre&apos;s address, its certificate authority file and the one-time enrolment code given by the administrator.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="120"/>
        <source>&amp;Adresse du centre :</source>
        <translation>Centre &amp;address:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="120"/>
        <source>Adresse du centre</source>
        <translation>Centre address</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="122"/>
        <source>&amp;Certificat (CA) :</source>
        <translation>&amp;Certificate (CA):</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="123"/>
        <source>Fichier du certificat de l&apos;autorité</source>
        <translation>Certificate authority file</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="124"/>
        <source>&amp;Parcourir…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="125"/>
        <source>Choisir le fichier du certificat</source>
        <translation>Choose the certificate file</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="128"/>
        <source>C&amp;ode d&apos;enrôlement :</source>
        <translation>Enrolment c&amp;ode:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="128"/>
        <source>Code d&apos;enrôlement</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="130"/>
        <source>&amp;Enrôler la borne</source>
        <translation>&amp;Enrol the kiosk</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="130"/>
        <source>Enrôler la borne</source>
        <translation>Enrol the kiosk</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="139"/>
        <source>Certificat du centre</source>
        <translation>Centre certificate</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="140"/>
        <source>Certificats (*.pem *.crt);;Tous les fichiers (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
</context>
<context>
    <name>FollowUpScreen</name>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="44"/>
        <source>À suivre</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="45"/>
        <source>Demandes refusées par le centre après avoir été acceptées hors ligne, et nouveaux identifiants que le centre n&apos;a pas pu envoyer. Contactez l&apos;électeur, puis marquez le dossier comme traité.</source>
        <translation>Requests the centre refused after they were accepted offline, and new IDs the centre could not send. Contact the voter, then mark the case as handled.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="49"/>
        <source>Dossiers à suivre</source>
        <translation>Cases to follow up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="50"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="50"/>
        <source>Électeur</source>
        <translation>Voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="50"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="50"/>
        <source>Établissement</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="51"/>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="51"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="55"/>
        <source>&amp;Actualiser</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="56"/>
        <source>Actualiser la liste à suivre</source>
        <translation>Refresh the follow-up list</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="58"/>
        <source>&amp;Marquer comme traité</source>
        <translation>&amp;Mark as handled</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="60"/>
        <source>Marquer le dossier sélectionné comme traité</source>
        <translation>Mark the selected case as handled</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="88"/>
        <source>Chargement de la liste…</source>
        <translation>Loading the list…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="100"/>
        <source>%1 dossier(s) à suivre.</source>
        <translation>%1 case(s) to follow up.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="123"/>
        <source>Dossier de %1 marqué comme traité.</source>
        <translation>Case of %1 marked as handled.</translation>
    </message>
</context>
<context>
    <name>KioskPage</name>
    <message>
        <location filename="../kiosk/ui/pages/base.py" line="113"/>
        <source>Vérification en cours…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>KioskStatusBar</name>
    <message>
        <location filename="../kiosk/ui/status.py" line="39"/>
        <location filename="../kiosk/ui/status.py" line="70"/>
        <source>Centre : état inconnu</source>
        <translation>Centre: state unknown</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="61"/>
        <source>S&amp;ynchroniser</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="62"/>
        <source>Synchroniser maintenant avec le centre</source>
        <translation>Synchronise with the centre now</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="63"/>
        <source>&amp;Verrouiller</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="63"/>
        <source>Verrouiller la session</source>
        <translation>Lock the session</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="64"/>
        <source>Se &amp;déconnecter</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="64"/>
        <source>Se déconnecter</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="105"/>
        <source>Synchronisation en cours…</source>
        <translation>Synchronising…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="120"/>
        <source>● Centre joignable</source>
        <translation>● Centre reachable</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="121"/>
        <source>● Hors ligne</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="127"/>
        <source>%1 en attente</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="129"/>
        <source> — %1 à suivre</source>
        <translation> — %1 to follow up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="132"/>
        <source>Dernière synchronisation : %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="133"/>
        <source>Jamais synchronisée</source>
        <translation>Never synchronised</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/status.py" line="141"/>
        <source>Agent : %1</source>
        <translation>Agent: %1</translation>
    </message>
</context>
<context>
    <name>KioskWizard</name>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="72"/>
        <source>Réassort des identifiants électeurs</source>
        <translation>Voter ID re-issue</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="88"/>
        <source>Abandonner la visite</source>
        <translation>Abandon the visit</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="89"/>
        <source>&lt; &amp;Précédent</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="90"/>
        <source>&amp;Suivant &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="91"/>
        <source>É&amp;lecteur suivant</source>
        <translation>Next &amp;voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="93"/>
        <source>Abandonner la visite et effacer l&apos;écran</source>
        <translation>Abandon the visit and clear the screen</translation>
    </message>
</context>
<context>
    <name>LetterPage</name>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="61"/>
        <source>Pli confidentiel</source>
        <translation>Sealed letter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="62"/>
        <source>Imprimez le pli qui contient le NUMEN, remettez-le à l&apos;électeur en main propre et faites signer l&apos;émargement.</source>
        <translation>Print the letter that holds the NUMEN, hand it to the voter in person and have them sign the signature sheet.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="69"/>
        <source>&amp;Imprimer le pli…</source>
        <translation>&amp;Print the letter…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="70"/>
        <location filename="../kiosk/ui/pages/letter.py" line="138"/>
        <source>Imprimer le pli confidentiel</source>
        <translation>Print the sealed letter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="72"/>
        <source>&amp;Enregistrer en PDF…</source>
        <translation>Save as PD&amp;F…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="73"/>
        <source>Enregistrer le pli confidentiel en PDF</source>
        <translation>Save the sealed letter as PDF</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="75"/>
        <source>Pli &amp;remis : enregistrer l&apos;émargement</source>
        <translation>Letter &amp;handed over: record the signature</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="77"/>
        <source>Enregistrer la remise du pli</source>
        <translation>Record the handover of the letter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="79"/>
        <source>Imprimer la &amp;feuille d&apos;émargement du jour…</source>
        <translation>Print today&apos;s &amp;signature sheet…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="81"/>
        <source>Imprimer la feuille d&apos;émargement du jour</source>
        <translation>Print today&apos;s signature sheet</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="115"/>
        <source>Vérification de la date de naissance…</source>
        <translation>Checking the date of birth…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="121"/>
        <source>Identité vérifiée. Pli n° %1 prêt à imprimer : le NUMEN figure seulement dans le pli, jamais à l&apos;écran.</source>
        <translation>Identity checked. Letter no. %1 ready to print: the NUMEN is only inside the letter, never on screen.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="128"/>
        <source>Aucun pli ne peut être imprimé.</source>
        <translation>No letter can be printed.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="152"/>
        <location filename="../kiosk/ui/pages/letter.py" line="209"/>
        <source>Impression en cours…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="157"/>
        <source>Enregistrer le pli confidentiel</source>
        <translation>Save the sealed letter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="158"/>
        <source>Documents PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="169"/>
        <source>Enregistrement du PDF…</source>
        <translation>Saving the PDF…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="173"/>
        <source>Pli imprimé. Fermez-le, remettez-le à l&apos;électeur, puis enregistrez la remise.</source>
        <translation>Letter printed. Seal it, hand it to the voter, then record the handover.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="187"/>
        <source>Pli n° %1 remis le %2 par %3. L&apos;électeur signe la feuille d&apos;émargement, ouvre son pli et poursuit sa demande.</source>
        <translation>Letter no. %1 handed over on %2 by %3. The voter signs the signature sheet, opens the letter and goes on with the request.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="199"/>
        <source>Imprimer la feuille d&apos;émargement</source>
        <translation>Print the signature sheet</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/letter.py" line="213"/>
        <source>Feuille d&apos;émargement imprimée.</source>
        <translation>Signature sheet printed.</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="32"/>
        <source>Consultation d&apos;un électeur</source>
        <translation>Voter look-up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="33"/>
        <source>Les demandes de l&apos;électeur faites à cette borne et le nombre de demandes encore possibles. Aucune donnée confidentielle n&apos;est affichée.</source>
        <translation>The voter&apos;s requests made at this kiosk and how many requests are still possible. No confidential data is shown.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="39"/>
        <source>Recherche d&apos;électeur</source>
        <translation>Voter search</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="40"/>
        <source>Nom, prénom ou adresse électronique</source>
        <translation>Last name, first name or e-mail address</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="43"/>
        <source>Re&amp;chercher :</source>
        <translation>Searc&amp;h:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="45"/>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="46"/>
        <source>Rechercher l&apos;électeur</source>
        <translation>Search for the voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="53"/>
        <source>Électeurs trouvés</source>
        <translation>Voters found</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="60"/>
        <source>Demandes de l&apos;électeur</source>
        <translation>The voter&apos;s requests</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="61"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="61"/>
        <source>Envoi</source>
        <translation>Sent by</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="61"/>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="61"/>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="62"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="98"/>
        <source>Aucun électeur ne correspond à cette recherche.</source>
        <translation>No voter matches this search.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="119"/>
        <source>%1 (%2, %3) : %4 demande(s) sur %5, encore %6 possible(s).</source>
        <translation>%1 (%2, %3): %4 request(s) of %5, %6 still possible.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="128"/>
        <source>remis</source>
        <translation>handed over</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="128"/>
        <source>détruit</source>
        <translation>destroyed</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="129"/>
        <source>Plis confidentiels : </source>
        <translation>Sealed letters: </translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="133"/>
        <source>Aucun pli confidentiel imprimé à cette borne.</source>
        <translation>No sealed letter printed at this kiosk.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="137"/>
        <source>En attente de synchronisation</source>
        <translation>Waiting for synchronisation</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="138"/>
        <source>Envoyée</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="139"/>
        <source>À suivre : traitée</source>
        <translation>Follow-up: handled</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="140"/>
        <source>À suivre : envoi en échec</source>
        <translation>Follow-up: delivery failed</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="143"/>
        <source>Refusée</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="143"/>
        <source>À suivre</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="147"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/lookup.py" line="147"/>
        <source>Courriel</source>
        <translation>E-mail</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../kiosk/ui/window.py" line="89"/>
        <location filename="../kiosk/ui/window.py" line="285"/>
        <source>Borne de réassort — élections professionnelles</source>
        <translation>Re-issue kiosk — professional elections</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/window.py" line="179"/>
        <source>Chargement…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/window.py" line="259"/>
        <source>Ce compte d&apos;agent n&apos;est plus autorisé sur cette borne (modifié ou désactivé au centre) : la session a été fermée.</source>
        <translation>This agent account may no longer be used on this kiosk (changed or deactivated at the centre): the session has been closed.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/window.py" line="277"/>
        <source>Cette langue n&apos;est pas disponible sur cette borne.</source>
        <translation>This language is not available on this kiosk.</translation>
    </message>
</context>
<context>
    <name>MessageLabel</name>
    <message>
        <location filename="../kiosk/ui/widgets.py" line="64"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>NumenPage</name>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="25"/>
        <source>NUMEN et date de naissance</source>
        <translation>NUMEN and date of birth</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="26"/>
        <source>L&apos;électeur saisit lui-même son NUMEN et sa date de naissance ; ils sont vérifiés auprès du registre.</source>
        <translation>The voter types their NUMEN and date of birth themselves; they are checked against the register.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="32"/>
        <source>L&apos;électeur &amp;ne connaît pas son NUMEN : il lui sera remis sous pli confidentiel</source>
        <translation>The voter does not &amp;know their NUMEN: it will be handed over in a sealed letter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="34"/>
        <source>L&apos;électeur ne connaît pas son NUMEN</source>
        <translation>The voter does not know their NUMEN</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="37"/>
        <source>NUMEN</source>
        <translation>NUMEN</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="38"/>
        <source>13 caractères, par exemple 01E9501234ABC</source>
        <translation>13 characters, for example 01E9501234ABC</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="40"/>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="41"/>
        <source>jj/mm/aaaa</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="47"/>
        <source>N&amp;UMEN :</source>
        <translation>N&amp;UMEN:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="50"/>
        <source>&amp;Date de naissance :</source>
        <translation>&amp;Date of birth:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="56"/>
        <source>Ces informations sont masquées à l&apos;écran ; le bouton « Afficher » permet à l&apos;électeur de relire sa saisie.</source>
        <translation>These details are hidden on screen; the “Show” button lets the voter read back what they typed.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/numen.py" line="67"/>
        <source>Électeur : </source>
        <translation>Voter: </translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <location filename="../kiosk/ui/panels.py" line="94"/>
        <source>Veuillez patienter…</source>
        <translation>Please wait…</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="20"/>
        <source>Quota de 3 demandes atteint</source>
        <translation>Quota of 3 requests reached</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="21"/>
        <source>Mobile déjà associé à un autre électeur</source>
        <translation>Mobile already tied to another voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="22"/>
        <source>NUMEN ou date de naissance non conforme</source>
        <translation>NUMEN or date of birth does not match</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="24"/>
        <source>Vérification de l&apos;électeur suspendue</source>
        <translation>Voter checks suspended</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="25"/>
        <source>Électeur inconnu du centre</source>
        <translation>Voter unknown to the centre</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="26"/>
        <source>Demande hors calendrier</source>
        <translation>Request outside the calendar</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="27"/>
        <source>Demande incomplète ou mal formée</source>
        <translation>Incomplete or malformed request</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="28"/>
        <source>Enregistrement en conflit</source>
        <translation>Conflicting record</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="29"/>
        <source>Envoi du nouvel identifiant en échec</source>
        <translation>New ID could not be delivered</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/follow_up.py" line="36"/>
        <source>Refusé par le centre (%1)</source>
        <translation>Refused by the centre (%1)</translation>
    </message>
</context>
<context>
    <name>RegisterScreen</name>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="26"/>
        <source>Registre des plis confidentiels</source>
        <translation>Register of sealed letters</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="27"/>
        <source>Les plis du jour : remis contre signature, ou imprimés et pas encore retirés. Imprimez la feuille d&apos;émargement pour les signatures.</source>
        <translation>The day&apos;s letters: handed over against signature, or printed and not collected yet. Print the signature sheet for the signatures.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="36"/>
        <source>Jour du registre</source>
        <translation>Day of the register</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="37"/>
        <source>&amp;Jour :</source>
        <translation>&amp;Day:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="39"/>
        <source>&amp;Afficher</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="40"/>
        <source>Afficher le registre de ce jour</source>
        <translation>Show the register of this day</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="47"/>
        <source>Plis du jour</source>
        <translation>The day&apos;s letters</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="48"/>
        <source>N° de pli</source>
        <translation>Letter no.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="48"/>
        <source>Électeur</source>
        <translation>Voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="48"/>
        <source>Établissement</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="49"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="49"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="49"/>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="49"/>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="54"/>
        <source>&amp;Imprimer la feuille d&apos;émargement…</source>
        <translation>&amp;Print the signature sheet…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="55"/>
        <location filename="../kiosk/ui/screens/register.py" line="156"/>
        <source>Imprimer la feuille d&apos;émargement</source>
        <translation>Print the signature sheet</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="57"/>
        <source>Enregistrer en &amp;PDF…</source>
        <translation>Save as PD&amp;F…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="58"/>
        <source>Enregistrer la feuille d&apos;émargement en PDF</source>
        <translation>Save the signature sheet as PDF</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="60"/>
        <source>Déclarer le pli dé&amp;truit</source>
        <translation>Record the letter as des&amp;troyed</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="61"/>
        <source>Déclarer détruit le pli non retiré sélectionné</source>
        <translation>Record the selected uncollected letter as destroyed</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="99"/>
        <source>%1 pli(s) ce jour, dont %2 non retiré(s).</source>
        <translation>%1 letter(s) this day, %2 of them not collected.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="106"/>
        <source>Remis</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="108"/>
        <source>Détruit le %1 par %2</source>
        <translation>Destroyed on %1 by %2</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="112"/>
        <source>Non retiré</source>
        <translation>Not collected</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="134"/>
        <source>&amp;Confirmer : le pli n° %1 a été détruit</source>
        <translation>&amp;Confirm: letter no. %1 was destroyed</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="148"/>
        <source>Destruction du pli n° %1 enregistrée.</source>
        <translation>Destruction of letter no. %1 recorded.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="160"/>
        <source>Feuille d&apos;émargement imprimée.</source>
        <translation>Signature sheet printed.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="165"/>
        <source>Enregistrer la feuille d&apos;émargement</source>
        <translation>Save the signature sheet</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="166"/>
        <source>Documents PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/register.py" line="172"/>
        <source>Feuille d&apos;émargement enregistrée.</source>
        <translation>Signature sheet saved.</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="25"/>
        <source>Rapport du jour</source>
        <translation>Daily report</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="26"/>
        <source>L&apos;activité de la borne pour le jour choisi, par établissement et par agent. Réservé aux superviseurs.</source>
        <translation>The kiosk&apos;s activity on the chosen day, per school and per agent. Supervisors only.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="34"/>
        <source>Jour du rapport</source>
        <translation>Day of the report</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="35"/>
        <source>&amp;Jour :</source>
        <translation>&amp;Day:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="37"/>
        <source>Établir le &amp;rapport</source>
        <translation>Build the &amp;report</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="38"/>
        <source>Établir le rapport de ce jour</source>
        <translation>Build the report of this day</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="45"/>
        <source>Chiffres du jour</source>
        <translation>The day&apos;s figures</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="46"/>
        <source>Niveau</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="46"/>
        <source>Établissement ou agent</source>
        <translation>School or agent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="46"/>
        <source>Acceptées</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="47"/>
        <source>En attente de synchronisation</source>
        <translation>Waiting for synchronisation</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="47"/>
        <source>Refusées</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="48"/>
        <source>Motifs des refus</source>
        <translation>Reasons for refusals</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="48"/>
        <source>Plis remis</source>
        <translation>Letters handed over</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="49"/>
        <source>Enregistrer en &amp;PDF…</source>
        <translation>Save as PD&amp;F…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="50"/>
        <source>Enregistrer le rapport en PDF</source>
        <translation>Save the report as PDF</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="52"/>
        <source>Enregistrer en &amp;CSV…</source>
        <translation>Save as &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="53"/>
        <source>Enregistrer le rapport en CSV</source>
        <translation>Save the report as CSV</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="84"/>
        <source>Établissement</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="84"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="85"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="86"/>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="103"/>
        <source>Enregistrer le rapport</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="104"/>
        <source>Documents PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="105"/>
        <source>Fichiers CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/report.py" line="118"/>
        <source>Rapport enregistré : %1</source>
        <translation>Report saved: %1</translation>
    </message>
</context>
<context>
    <name>RequestPage</name>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="50"/>
        <source>Demande d&apos;un nouvel identifiant</source>
        <translation>Request for a new ID</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="51"/>
        <source>Le nouvel identifiant électeur est envoyé par SMS ou par courriel ; une confirmation part toujours vers l&apos;adresse professionnelle.</source>
        <translation>The new voter ID is sent by SMS or by e-mail; a confirmation always goes to the work e-mail address.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="55"/>
        <source>&amp;Envoyer la demande</source>
        <translation>Send the &amp;request</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="66"/>
        <source>Téléphone mobile</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="67"/>
        <source>06 12 34 56 78 ou +262 692 12 34 56</source>
        <translation>06 12 34 56 78 or +262 692 12 34 56</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="71"/>
        <source>&amp;SMS (expéditeur 36001)</source>
        <translation>&amp;SMS (sender 36001)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="72"/>
        <source>Envoi par SMS</source>
        <translation>Send by SMS</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="73"/>
        <location filename="../kiosk/ui/pages/request.py" line="207"/>
        <source>&amp;Courriel</source>
        <translation>E-ma&amp;il</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="74"/>
        <source>Envoi par courriel</source>
        <translation>Send by e-mail</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="87"/>
        <source>Image du code de sécurité</source>
        <translation>Security code image</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="88"/>
        <source>Autre &amp;code</source>
        <translation>&amp;Other code</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="89"/>
        <source>Afficher un autre code de sécurité</source>
        <translation>Show another security code</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="91"/>
        <source>Code de sécurité</source>
        <translation>Security code</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="92"/>
        <source>4 chiffres</source>
        <translation>4 digits</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="104"/>
        <source>&amp;Téléphone mobile :</source>
        <translation>&amp;Mobile phone:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="107"/>
        <source>Envoi :</source>
        <translation>Sent by:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="108"/>
        <source>Code affiché :</source>
        <translation>Code shown:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="109"/>
        <source>Code de s&amp;écurité :</source>
        <translation>Se&amp;curity code:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="126"/>
        <source>Électeur : </source>
        <translation>Voter: </translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="128"/>
        <source>&amp;Courriel (%1)</source>
        <translation>E-ma&amp;il (%1)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="136"/>
        <source>Demandes encore possibles pour ce scrutin : %1 sur %2</source>
        <translation>Requests still possible for this election: %1 of %2</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="156"/>
        <source>Le récépissé affichera : %1</source>
        <translation>The receipt will show: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/request.py" line="180"/>
        <source>Envoi de la demande…</source>
        <translation>Sending the request…</translation>
    </message>
</context>
<context>
    <name>ScreenHost</name>
    <message>
        <location filename="../kiosk/ui/screens/host.py" line="32"/>
        <source>Demande</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/host.py" line="33"/>
        <source>Registre des plis</source>
        <translation>Letter register</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/host.py" line="35"/>
        <source>À suivre</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/host.py" line="37"/>
        <source>Consultation</source>
        <translation>Look-up</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/host.py" line="39"/>
        <source>Rapport du jour</source>
        <translation>Daily report</translation>
    </message>
</context>
<context>
    <name>ServiceText</name>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="24"/>
        <source>Tout envoi d&apos;un nouvel identifiant invalide le précédent.</source>
        <translation>Every new ID sent invalidates the previous one.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="26"/>
        <source>Saisissez au moins 2 caractères du nom ou de l&apos;adresse électronique.</source>
        <translation>Type at least 2 characters of the name or the e-mail address.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="28"/>
        <source>Téléphone mobile. En métropole : 06 12 34 56 78. Outre-mer (DROM-COM) et étranger : saisissez l&apos;indicatif international, par exemple +262 692 12 34 56 ou +1 415 555 0100.</source>
        <translation>Mobile phone. In mainland France: 06 12 34 56 78. Overseas (DROM-COM) and abroad: type the international prefix, for example +262 692 12 34 56 or +1 415 555 0100.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="32"/>
        <source>La demande d&apos;envoi d&apos;un nouvel identifiant ne peut être faite que 3 fois.</source>
        <translation>A new ID can only be requested 3 times.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="34"/>
        <source>envoyée</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="35"/>
        <source>en attente de synchronisation</source>
        <translation>waiting for synchronisation</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="36"/>
        <source>Votre demande est enregistrée. Elle sera transmise au centre dès le retour de la connexion ; le nouvel identifiant sera alors envoyé.</source>
        <translation>Your request is recorded. It will be sent to the centre as soon as the connection is back; the new ID will then be sent.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="39"/>
        <source>Votre demande a été correctement prise en compte. Un SMS vous a été envoyé, vous le recevrez dans quelques minutes.</source>
        <translation>Your request has been taken into account. An SMS has been sent to you; you will receive it within a few minutes.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="42"/>
        <source>Votre demande a été correctement prise en compte. Un courriel vous a été envoyé, vous le recevrez dans quelques minutes.</source>
        <translation>Your request has been taken into account. An e-mail has been sent to you; you will receive it within a few minutes.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="45"/>
        <source>Le code de sécurité saisi ne correspond pas à l&apos;image. Un nouveau code va être affiché : recopiez-le.</source>
        <translation>The security code typed does not match the image. A new code will be shown: copy it.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="49"/>
        <source>Ce numéro de mobile est déjà associé à un autre électeur : un numéro ne peut servir qu&apos;à un seul électeur.</source>
        <translation>This mobile number is already tied to another voter: a number can serve one voter only.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="52"/>
        <source>Le NUMEN ou la date de naissance ne correspond pas au registre.</source>
        <translation>The NUMEN or the date of birth does not match the register.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="54"/>
        <source>Électeur inconnu du registre.</source>
        <translation>Voter not in the register.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="55"/>
        <source>Les demandes de nouvel identifiant ne sont pas ouvertes à cette date.</source>
        <translation>Requests for a new ID are not open at this date.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="57"/>
        <source>La demande est incomplète ou mal formée.</source>
        <translation>The request is incomplete or malformed.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="58"/>
        <source>Trop d&apos;essais infructueux : la vérification de cet électeur est suspendue pour un moment.</source>
        <translation>Too many failed attempts: checks for this voter are suspended for a while.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="62"/>
        <source>Identifiant ou mot de passe incorrect.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="63"/>
        <source>Trop d&apos;essais de connexion : patientez une minute avant de réessayer.</source>
        <translation>Too many sign-in attempts: wait a minute before trying again.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="65"/>
        <source>Cette fonction est réservée aux superviseurs : connectez-vous avec un compte de superviseur.</source>
        <translation>This function is for supervisors only: sign in with a supervisor account.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="68"/>
        <source>Une erreur inattendue s&apos;est produite : l&apos;opération n&apos;a pas abouti. Réessayez ; si le problème persiste, prévenez l&apos;assistance académique.</source>
        <translation>An unexpected error occurred: the operation did not complete. Try again; if the problem persists, tell the academy support desk.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="72"/>
        <source>Ce pli ne figure pas au registre de vos établissements.</source>
        <translation>This letter is not in the register of your schools.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="73"/>
        <source>Ce pli a été remis à l&apos;électeur : il ne peut pas être déclaré détruit.</source>
        <translation>This letter was handed to the voter: it cannot be recorded as destroyed.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="75"/>
        <source>La destruction de ce pli est déjà enregistrée.</source>
        <translation>The destruction of this letter is already recorded.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="76"/>
        <source>Ce dossier n&apos;est plus dans la liste « À suivre ».</source>
        <translation>This case is no longer in the follow-up list.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="77"/>
        <source>Le centre n&apos;a pas pu envoyer le nouvel identifiant (numéro ou adresse refusé par l&apos;opérateur) : contactez l&apos;électeur pour une nouvelle demande.</source>
        <translation>The centre could not send the new ID (number or address refused by the operator): contact the voter for a new request.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="87"/>
        <source>Aucun compte d&apos;agent n&apos;est encore connu de cette borne : connectez-la au centre puis synchronisez-la.</source>
        <translation>This kiosk knows no agent account yet: connect it to the centre, then synchronise it.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="90"/>
        <source>La base de données de la borne est inaccessible (disque plein, protégé en écriture ou occupé) : rien n&apos;a été enregistré. Réessayez ; si le problème persiste, prévenez l&apos;assistance.</source>
        <translation>The kiosk&apos;s database cannot be reached (disk full, write-protected or busy): nothing was recorded. Try again; if the problem persists, tell the support desk.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="94"/>
        <source>Connectez-vous avec votre compte d&apos;agent pour continuer.</source>
        <translation>Sign in with your agent account to go on.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="95"/>
        <source>Impossible d&apos;écrire le document PDF : vérifiez que le dossier existe et qu&apos;il est accessible en écriture.</source>
        <translation>The PDF document could not be written: check that the folder exists and can be written to.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="98"/>
        <source>L&apos;impression n&apos;a pas pu commencer : vérifiez l&apos;imprimante.</source>
        <translation>Printing could not start: check the printer.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="100"/>
        <source>Impossible d&apos;écrire le rapport : vérifiez que le dossier existe et qu&apos;il est accessible en écriture.</source>
        <translation>The report could not be written: check that the folder exists and can be written to.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="103"/>
        <source>Indiquez la pièce d&apos;identité vérifiée (50 caractères au plus).</source>
        <translation>State the identity document checked (50 characters at most).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="105"/>
        <source>Choisissez l&apos;envoi par SMS ou par courriel.</source>
        <translation>Choose sending by SMS or by e-mail.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="106"/>
        <source>Électeur introuvable dans le registre de vos établissements.</source>
        <translation>Voter not found in the register of your schools.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="108"/>
        <source>Ce pli a déjà été enregistré comme remis.</source>
        <translation>This letter is already recorded as handed to the voter.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="110"/>
        <source>L&apos;adresse du centre doit être de la forme https://serveur ou https://serveur:port.</source>
        <translation>The centre&apos;s address must be of the form https://server or https://server:port.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="113"/>
        <source>Indiquez le fichier de l&apos;autorité de certification du centre.</source>
        <translation>Give the file of the centre&apos;s certificate authority.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="121"/>
        <source>Le NUMEN est vide : saisissez les 13 caractères.</source>
        <translation>The NUMEN is empty: type its 13 characters.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="122"/>
        <source>Date de naissance invalide : la forme jj/mm/aaaa est attendue (exemple : 15/03/1975).</source>
        <translation>Invalid date of birth: the form dd/mm/yyyy is expected (for example 15/03/1975).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="125"/>
        <source>Date de naissance invalide : cette date n&apos;existe pas dans le calendrier.</source>
        <translation>Invalid date of birth: this date does not exist in the calendar.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="127"/>
        <source>Date de naissance invalide : l&apos;année s&apos;écrit avec ses 4 chiffres (jj/mm/aaaa, exemple : 15/03/1975).</source>
        <translation>Invalid date of birth: the year is written with its 4 digits (dd/mm/yyyy, for example 15/03/1975).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="130"/>
        <source>Date de naissance invalide : le jour vient avant le mois (jj/mm/aaaa, exemple : 15/03/1975).</source>
        <translation>Invalid date of birth: the day comes before the month (dd/mm/yyyy, for example 15/03/1975).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="133"/>
        <source>Date de naissance invalide : l&apos;âge doit être compris entre 16 et 100 ans à la date de l&apos;élection.</source>
        <translation>Invalid date of birth: the age must be between 16 and 100 years on the day of the election.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="136"/>
        <source>Saisissez un numéro de téléphone mobile.</source>
        <translation>Type a mobile phone number.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="137"/>
        <source>Numéro de téléphone invalide : seuls les chiffres, espaces et le signe + sont acceptés.</source>
        <translation>Invalid phone number: only digits, spaces and the + sign are accepted.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="140"/>
        <source>Numéro de téléphone invalide. Outre-mer et étranger : saisissez l&apos;indicatif international (par exemple +262 692 12 34 56).</source>
        <translation>Invalid phone number. Overseas and abroad: type the international dialling code (for example +262 692 12 34 56).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="143"/>
        <source>Ce numéro existe dans plusieurs territoires. Outre-mer et étranger : saisissez l&apos;indicatif international (par exemple +262 692 12 34 56).</source>
        <translation>This number exists in several territories. Overseas and abroad: type the international dialling code (for example +262 692 12 34 56).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="146"/>
        <source>Ce numéro n&apos;est pas un numéro de mobile : l&apos;identifiant est envoyé par SMS, indiquez un numéro de mobile.</source>
        <translation>This is not a mobile number: the voter ID is sent by SMS, give a mobile number.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="149"/>
        <source>Recopiez les 4 chiffres du code de sécurité.</source>
        <translation>Copy the 4 digits of the security code.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="155"/>
        <source>NUMEN invalide : le %1 caractère doit être un chiffre (forme attendue : 2 chiffres, 1 lettre, 7 chiffres, 3 lettres).</source>
        <translation>Invalid NUMEN: character %1 must be a digit (expected form: 2 digits, 1 letter, 7 digits, 3 letters).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="158"/>
        <source>NUMEN invalide : le %1 caractère doit être une lettre (forme attendue : 2 chiffres, 1 lettre, 7 chiffres, 3 lettres).</source>
        <translation>Invalid NUMEN: character %1 must be a letter (expected form: 2 digits, 1 letter, 7 digits, 3 letters).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="161"/>
        <source>NUMEN invalide : %1 caractère(s) au lieu de 13.</source>
        <translation>Invalid NUMEN: %1 character(s) instead of 13.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="162"/>
        <source>Numéro de téléphone invalide : %1 chiffre(s) au lieu de 10 (exemple : 06 12 34 56 78). Outre-mer et étranger : saisissez l&apos;indicatif international (par exemple +262 692 12 34 56).</source>
        <translation>Invalid phone number: %1 digit(s) instead of 10 (example: 06 12 34 56 78). Overseas and abroad: type the international dialling code (for example +262 692 12 34 56).</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="170"/>
        <source>Le fichier de certificat %1 est introuvable.</source>
        <translation>The certificate file %1 cannot be found.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/service_texts.py" line="171"/>
        <source>Le fichier %1 ne contient pas de certificat d&apos;autorité lisible (format PEM attendu).</source>
        <translation>The file %1 holds no readable authority certificate (PEM format expected).</translation>
    </message>
</context>
<context>
    <name>SettingsAccess</name>
    <message>
        <location filename="../kiosk/ui/settings_access.py" line="37"/>
        <source>À &amp;propos</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_access.py" line="38"/>
        <source>À propos de la borne</source>
        <translation>About the kiosk</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_access.py" line="39"/>
        <source>&amp;Paramètres</source>
        <translation>Se&amp;ttings</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_access.py" line="40"/>
        <source>Paramètres de la borne (superviseur)</source>
        <translation>Kiosk settings (supervisor)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_access.py" line="77"/>
        <source>Les paramètres sont réservés aux superviseurs.</source>
        <translation>Settings are for supervisors only.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_access.py" line="100"/>
        <source>Paramètres enregistrés.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="40"/>
        <source>Paramètres de la borne</source>
        <translation>Kiosk settings</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="49"/>
        <source>Adresse du centre</source>
        <translation>Centre address</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="53"/>
        <source>Fichier du certificat de l&apos;autorité</source>
        <translation>Certificate authority file</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="55"/>
        <source>&amp;Parcourir…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="56"/>
        <source>Choisir le fichier du certificat</source>
        <translation>Choose the certificate file</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="61"/>
        <source>&amp;Mode guichet (plein écran, retour à l&apos;accueil après inactivité)</source>
        <translation>&amp;Counter mode (full screen, back to the start when idle)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="63"/>
        <source>Délai de verrouillage de la session</source>
        <translation>Session lock delay</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="64"/>
        <source>Délai de retour à l&apos;accueil au guichet</source>
        <translation>Delay before the counter goes back to the start</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="65"/>
        <source>Les délais s&apos;appliquent dès l&apos;enregistrement ; le mode guichet, au prochain démarrage de la borne. Tout changement est inscrit au journal d&apos;audit.</source>
        <translation>Delays apply as soon as they are saved; counter mode, at the kiosk&apos;s next start. Every change is written to the audit log.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="72"/>
        <source>&amp;Adresse du centre :</source>
        <translation>Centre &amp;address:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="73"/>
        <source>&amp;Certificat (CA) :</source>
        <translation>&amp;Certificate (CA):</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="75"/>
        <source>&amp;Verrouillage après :</source>
        <translation>&amp;Lock after:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="77"/>
        <source>&amp;Retour à l&apos;accueil après :</source>
        <translation>&amp;Back to the start after:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="81"/>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="85"/>
        <source>&amp;Annuler</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="104"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="109"/>
        <source>Certificat du centre</source>
        <translation>Centre certificate</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="110"/>
        <source>Certificats (*.pem *.crt);;Tous les fichiers (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/settings_dialog.py" line="136"/>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <location filename="../kiosk/ui/panels.py" line="190"/>
        <source>&amp;Identifiant :</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="190"/>
        <source>Identifiant de l&apos;agent</source>
        <translation>Agent&apos;s user name</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="191"/>
        <source>&amp;Mot de passe :</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="191"/>
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="192"/>
        <source>&amp;Langue (language) :</source>
        <translation>&amp;Language (langue):</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="193"/>
        <source>Langue de la session</source>
        <translation>Language of the session</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="194"/>
        <source>Se &amp;connecter</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="195"/>
        <source>Se connecter</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="206"/>
        <source>Connexion de l&apos;agent</source>
        <translation>Agent sign-in</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="207"/>
        <source>Identifiez-vous avec votre compte d&apos;agent du secrétariat. La connexion fonctionne aussi hors ligne.</source>
        <translation>Sign in with your secretariat agent account. Sign-in works offline too.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="210"/>
        <source>Session verrouillée</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="211"/>
        <source>La session de %1 a été verrouillée. Saisissez le mot de passe pour reprendre.</source>
        <translation>%1&apos;s session was locked. Type the password to resume.</translation>
    </message>
</context>
<context>
    <name>StepsPanel</name>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="28"/>
        <source>Électeur</source>
        <translation>Voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="29"/>
        <source>NUMEN</source>
        <translation>NUMEN</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="30"/>
        <source>Pli confidentiel</source>
        <translation>Sealed letter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="31"/>
        <source>Demande</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="32"/>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="33"/>
        <source>Fin</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/wizard.py" line="59"/>
        <source> (étape en cours)</source>
        <translation> (current step)</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <location filename="../kiosk/ui/panels.py" line="258"/>
        <location filename="../kiosk/ui/panels.py" line="262"/>
        <source>Quitter le mode guichet</source>
        <translation>Leave counter mode</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="259"/>
        <source>Un superviseur doit s&apos;identifier pour quitter le mode guichet.</source>
        <translation>A supervisor must sign in to leave counter mode.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="261"/>
        <source>&amp;Quitter le mode guichet</source>
        <translation>&amp;Leave counter mode</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="265"/>
        <source>&amp;Retour</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="266"/>
        <source>Revenir au guichet</source>
        <translation>Back to the counter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/panels.py" line="274"/>
        <source>Seul un superviseur peut quitter le mode guichet.</source>
        <translation>Only a supervisor can leave counter mode.</translation>
    </message>
</context>
<context>
    <name>Time</name>
    <message>
        <location filename="../kiosk/ui/timefmt.py" line="21"/>
        <source>%1 (heure de Paris)</source>
        <translation>%1 (Paris time)</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/timefmt.py" line="22"/>
        <source>%1 (heure locale, %2) — %3 (heure de Paris)</source>
        <translation>%1 (local time, %2) — %3 (Paris time)</translation>
    </message>
</context>
<context>
    <name>ToolScreen</name>
    <message>
        <location filename="../kiosk/ui/screens/base.py" line="62"/>
        <source>Retour à la &amp;demande</source>
        <translation>Back to the re&amp;quest</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/screens/base.py" line="63"/>
        <source>Fermer cet écran et revenir à la demande</source>
        <translation>Close this screen and go back to the request</translation>
    </message>
</context>
<context>
    <name>VoterPage</name>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="26"/>
        <source>Carte nationale d&apos;identité</source>
        <translation>National identity card</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="27"/>
        <source>Passeport</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="28"/>
        <source>Permis de conduire</source>
        <translation>Driving licence</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="29"/>
        <source>Carte professionnelle</source>
        <translation>Professional card</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="37"/>
        <source>Électeur</source>
        <translation>Voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="38"/>
        <source>Recherchez l&apos;électeur dans le registre, puis indiquez la pièce d&apos;identité que vous avez vérifiée.</source>
        <translation>Find the voter in the register, then say which identity document you checked.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="44"/>
        <source>Recherche d&apos;électeur</source>
        <translation>Voter search</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="45"/>
        <location filename="../kiosk/ui/pages/voter.py" line="47"/>
        <source>Nom, prénom ou adresse électronique professionnelle</source>
        <translation>Last name, first name or work e-mail address</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="52"/>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="53"/>
        <source>Rechercher l&apos;électeur</source>
        <translation>Search for the voter</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="60"/>
        <source>Électeurs trouvés</source>
        <translation>Voters found</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="65"/>
        <source>Pièce d&apos;identité vérifiée</source>
        <translation>Identity document checked</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="66"/>
        <source>Choisissez la pièce présentée…</source>
        <translation>Choose the document shown…</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="77"/>
        <source>Re&amp;chercher :</source>
        <translation>Searc&amp;h:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="80"/>
        <source>&amp;Résultats :</source>
        <translation>&amp;Results:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="83"/>
        <source>&amp;Pièce d&apos;identité :</source>
        <translation>&amp;Identity document:</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="102"/>
        <source>Recherche en cours…</source>
        <translation>Searching…</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk/ui/pages/voter.py" line="114"/>
        <source>%n demande(s) possible(s)</source>
        <translation>
            <numerusform>%n request possible</numerusform>
            <numerusform>%n requests possible</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="119"/>
        <source>Aucun électeur ne correspond à cette recherche dans les établissements de la borne.</source>
        <translation>No voter matches this search in the kiosk&apos;s schools.</translation>
    </message>
    <message>
        <location filename="../kiosk/ui/pages/voter.py" line="143"/>
        <source>Électeur choisi : </source>
        <translation>Voter chosen: </translation>
    </message>
</context>
<context>
    <name>VoterSearch</name>
    <message>
        <location filename="../kiosk/ui/widgets.py" line="39"/>
        <source>Seuls les %1 premiers électeurs trouvés sont affichés : précisez la recherche (nom et prénom, ou début de l&apos;adresse électronique).</source>
        <translation>Only the first %1 voters found are shown: narrow the search (surname and first name, or the start of the e-mail address).</translation>
    </message>
</context>
</TS>
