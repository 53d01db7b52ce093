"""Word lists from the bias literature that the pages offer as starting points.

``OCCUPATIONS`` is the professions list of Bolukbasi, Chang, Zou, Saligrama & Kalai (2016, NeurIPS,
"Man is to Computer Programmer as Woman is to Homemaker? Debiasing Word Embeddings"): the 320
words of ``data/professions.json`` in their repository (github.com/tolga-b/debiaswe), in its
order, without the two numbers that follow each word there. Multiword professions keep the
published underscore ("adjunct_professor"), as in the word2vec vocabulary the paper used; GloVe 6B
has none of those 29, so a page measuring this list with GloVe leaves them out and says so. A few
entries are not professions in the everyday sense ("acquaintance", "alter_ego", "confesses",
"soft_spoken"); they are kept, as published.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


OCCUPATIONS: tuple[str, ...] = _words(
    "accountant acquaintance actor actress adjunct_professor administrator adventurer advocate "
    "aide alderman alter_ego ambassador analyst anthropologist archaeologist archbishop architect "
    "artist artiste assassin assistant_professor associate_dean associate_professor astronaut "
    "astronomer athlete athletic_director attorney author baker ballerina ballplayer banker "
    "barber baron barrister bartender biologist bishop bodyguard bookkeeper boss boxer "
    "broadcaster broker bureaucrat businessman businesswoman butcher butler cab_driver cabbie "
    "cameraman campaigner captain cardiologist caretaker carpenter cartoonist cellist chancellor "
    "chaplain character chef chemist choreographer cinematographer citizen civil_servant cleric "
    "clerk coach collector colonel columnist comedian comic commander commentator commissioner "
    "composer conductor confesses congressman constable consultant cop correspondent councilman "
    "councilor counselor critic crooner crusader curator custodian dad dancer dean dentist deputy "
    "dermatologist detective diplomat director disc_jockey doctor doctoral_student drug_addict "
    "drummer economics_professor economist editor educator electrician employee entertainer "
    "entrepreneur environmentalist envoy epidemiologist evangelist farmer fashion_designer "
    "fighter_pilot filmmaker financier firebrand firefighter fireman fisherman footballer foreman "
    "freelance_writer gangster gardener geologist goalkeeper graphic_designer guidance_counselor "
    "guitarist hairdresser handyman headmaster historian hitman homemaker hooker housekeeper "
    "housewife illustrator industrialist infielder inspector instructor interior_designer "
    "inventor investigator investment_banker janitor jeweler journalist judge jurist laborer "
    "landlord lawmaker lawyer lecturer legislator librarian lieutenant lifeguard lyricist maestro "
    "magician magistrate maid major_leaguer manager marksman marshal mathematician mechanic "
    "mediator medic midfielder minister missionary mobster monk musician nanny narrator "
    "naturalist negotiator neurologist neurosurgeon novelist nun nurse observer officer organist "
    "painter paralegal parishioner parliamentarian pastor pathologist patrolman pediatrician "
    "performer pharmacist philanthropist philosopher photographer photojournalist physician "
    "physicist pianist planner plastic_surgeon playwright plumber poet policeman politician "
    "pollster preacher president priest principal prisoner professor professor_emeritus "
    "programmer promoter proprietor prosecutor protagonist protege protester provost psychiatrist "
    "psychologist publicist pundit rabbi radiologist ranger realtor receptionist registered_nurse "
    "researcher restaurateur sailor saint salesman saxophonist scholar scientist screenwriter "
    "sculptor secretary senator sergeant servant serviceman sheriff_deputy shopkeeper singer "
    "singer_songwriter skipper socialite sociologist soft_spoken soldier solicitor "
    "solicitor_general soloist sportsman sportswriter statesman steward stockbroker strategist "
    "student stylist substitute superintendent surgeon surveyor swimmer taxi_driver teacher "
    "technician teenager therapist trader treasurer trooper trucker trumpeter tutor tycoon "
    "undersecretary understudy valedictorian vice_chancellor violinist vocalist waiter waitress "
    "warden warrior welder worker wrestler writer"
)
