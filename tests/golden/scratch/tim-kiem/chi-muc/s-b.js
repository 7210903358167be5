CongkhaiSearch.load("s:b",{"ban":[["ban2"],"ARBEUBM"],"ban_chinh":[[],"AJ"],"ban_sao":[[],"AJ"],"bang":[[],"HM"],"bo":[["bô4","bô5"],"CWCAMBJB"],"bo_thu":[[],"FJ"]});
